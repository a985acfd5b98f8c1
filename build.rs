//! Links the posture binary as a non-PIE executable on Linux: at a fixed address the linker
//! resolves the ~55,000 pointers in its tables, which a PIE has the loader relocate at every
//! start, dirtying 1.3 MiB of private memory for the daemon's whole life (idle daemon in
//! benches/footprint.sh: 12.7 MiB RSS and 2.6 MiB private dirty as a PIE, 9.3 and 1.3 without).
//! The price is that the program's own code is not placed at a random address; the libraries,
//! heap and stack still are.
//!
//! This is a build script and not a `rustflags` in `.cargo/config.toml` because those also reach
//! the proc-macro libraries (serde, clap, zbus, maud), which cannot be linked that way.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os == "linux" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
