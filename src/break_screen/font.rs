//! Text for the break screen: a sans-serif font found in the system's font directories, and
//! lines drawn into a tiny-skia pixmap with ab_glyph (layout is plain: left to right, kerned,
//! wrapped at spaces; the texts are short Dutch and English sentences).

use std::path::{Path, PathBuf};

use ab_glyph::{Font as _, FontArc, PxScale, ScaleFont as _, point};
use tiny_skia::{Color, Pixmap};

/// Regular faces, best first: common on Debian, Fedora, Arch and openSUSE desktops.
const REGULAR: &[&str] = &[
    "DejaVuSans.ttf",
    "NotoSans-Regular.ttf",
    "LiberationSans-Regular.ttf",
    "Cantarell-Regular.otf",
    "FreeSans.ttf",
    "Vera.ttf",
];
const BOLD: &[&str] =
    &["DejaVuSans-Bold.ttf", "NotoSans-Bold.ttf", "LiberationSans-Bold.ttf", "Cantarell-Bold.otf", "FreeSansBold.ttf"];

/// Directory levels searched below each font directory (`truetype/dejavu/` is two).
const DEPTH: usize = 4;

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error(
        "no usable font: none of {} in {} (install fonts-dejavu-core or another of them)",
        REGULAR.join(", "),
        .0
    )]
    NotFound(String),
}

/// The regular and the bold face (the regular one again when there is no bold). `FontArc`
/// shares one copy when the two are the same.
pub struct Fonts {
    pub regular: FontArc,
    pub bold: FontArc,
}

impl Fonts {
    /// Finds and reads the faces.
    pub fn load() -> Result<Fonts, FontError> {
        let dirs = font_dirs();
        let shown = dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ");
        let regular = find(&dirs, REGULAR).ok_or(FontError::NotFound(shown.clone()))?;
        let bold = find(&dirs, BOLD).unwrap_or_else(|| regular.clone());
        let regular = read(&regular).ok_or(FontError::NotFound(shown.clone()))?;
        let bold = read(&bold).unwrap_or_else(|| regular.clone());
        Ok(Fonts { regular, bold })
    }
}

fn read(path: &Path) -> Option<FontArc> {
    let bytes = std::fs::read(path).ok()?;
    match FontArc::try_from_vec(bytes) {
        Ok(font) => Some(font),
        Err(e) => {
            tracing::debug!("{}: {e}", path.display());
            None
        }
    }
}

/// `$XDG_DATA_HOME/fonts`, `~/.fonts`, each `$XDG_DATA_DIRS/fonts`, as fontconfig looks.
fn font_dirs() -> Vec<PathBuf> {
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    let home = var("HOME").map(PathBuf::from);
    let mut dirs = Vec::new();
    match var("XDG_DATA_HOME") {
        Some(data) => dirs.push(PathBuf::from(data).join("fonts")),
        None => dirs.extend(home.as_ref().map(|h| h.join(".local/share/fonts"))),
    }
    dirs.extend(home.map(|h| h.join(".fonts")));
    let data_dirs = var("XDG_DATA_DIRS").unwrap_or_else(|| "/usr/local/share:/usr/share".into());
    dirs.extend(std::env::split_paths(&data_dirs).map(|d| d.join("fonts")));
    dirs
}

/// The first of `names` (in order of preference) anywhere under `dirs`.
fn find(dirs: &[PathBuf], names: &[&str]) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        collect(dir, names, DEPTH, &mut found);
    }
    names.iter().find_map(|name| found.iter().find(|p| p.file_name().is_some_and(|f| f == *name)).cloned())
}

fn collect(dir: &Path, names: &[&str], depth: usize, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if depth > 0 {
                collect(&path, names, depth - 1, found);
            }
        } else if path.file_name().and_then(|f| f.to_str()).is_some_and(|f| names.contains(&f)) {
            found.push(path);
        }
    }
}

/// Width of `text` at `size` pixels.
pub fn width(font: &FontArc, size: f32, text: &str) -> f32 {
    let font = font.as_scaled(PxScale::from(size));
    let mut width = 0.0;
    let mut previous = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(previous) = previous {
            width += font.kern(previous, id);
        }
        width += font.h_advance(id);
        previous = Some(id);
    }
    width
}

/// The height of one line at `size` pixels, with the font's own gap.
pub fn line_height(font: &FontArc, size: f32) -> f32 {
    let font = font.as_scaled(PxScale::from(size));
    font.height() + font.line_gap()
}

/// `text` broken at spaces into lines no wider than `max` (a word longer than that stands alone).
pub fn wrap(font: &FontArc, size: f32, text: &str, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if !line.is_empty() && width(font, size, &candidate) > max {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws one line with its top-left corner at `x`, `y`.
pub fn draw(pixmap: &mut Pixmap, font: &FontArc, size: f32, x: f32, y: f32, text: &str, color: Color) {
    let scaled = font.as_scaled(PxScale::from(size));
    let baseline = y + scaled.ascent();
    let mut caret = x;
    let mut previous = None;
    let (width, height) = (pixmap.width() as i32, pixmap.height() as i32);
    let pixels = pixmap.pixels_mut();
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(previous) = previous {
            caret += scaled.kern(previous, id);
        }
        let glyph = id.with_scale_and_position(PxScale::from(size), point(caret, baseline));
        caret += scaled.h_advance(id);
        previous = Some(id);
        let Some(outlined) = font.outline_glyph(glyph) else { continue };
        let bounds = outlined.px_bounds();
        outlined.draw(|gx, gy, coverage| {
            let (px, py) = (bounds.min.x as i32 + gx as i32, bounds.min.y as i32 + gy as i32);
            if px < 0 || py < 0 || px >= width || py >= height {
                return;
            }
            let pixel = &mut pixels[(py * width + px) as usize];
            *pixel = blend(*pixel, color, coverage.clamp(0.0, 1.0));
        });
    }
}

/// `color` over `under` with `coverage`, in premultiplied RGBA as the pixmap keeps it.
fn blend(under: tiny_skia::PremultipliedColorU8, color: Color, coverage: f32) -> tiny_skia::PremultipliedColorU8 {
    let a = color.alpha() * coverage;
    let mix = |src: f32, dst: u8| (src * a * 255.0 + dst as f32 * (1.0 - a)).round().clamp(0.0, 255.0) as u8;
    let alpha = (a * 255.0 + under.alpha() as f32 * (1.0 - a)).round().clamp(0.0, 255.0) as u8;
    let (r, g, b) = (mix(color.red(), under.red()), mix(color.green(), under.green()), mix(color.blue(), under.blue()));
    tiny_skia::PremultipliedColorU8::from_rgba(r.min(alpha), g.min(alpha), b.min(alpha), alpha)
        .unwrap_or(tiny_skia::PremultipliedColorU8::TRANSPARENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Option<Fonts> {
        match Fonts::load() {
            Ok(fonts) => Some(fonts),
            Err(e) => {
                eprintln!("skipping: {e}");
                None
            }
        }
    }

    #[test]
    fn lines_wrap_at_spaces_within_the_width() {
        let Some(fonts) = fonts() else { return };
        let text = "Stand up, walk to the window and back, and roll your shoulders on the way";
        let lines = wrap(&fonts.regular, 20.0, text, 200.0);
        assert!(lines.len() > 2, "{lines:?}");
        assert_eq!(lines.join(" "), text);
        for line in &lines {
            assert!(width(&fonts.regular, 20.0, line) <= 200.0 || !line.contains(' '), "{line}");
        }
    }

    #[test]
    fn drawn_text_leaves_ink() {
        let Some(fonts) = fonts() else { return };
        let mut pixmap = Pixmap::new(200, 40).unwrap();
        pixmap.fill(Color::WHITE);
        draw(&mut pixmap, &fonts.bold, 24.0, 4.0, 4.0, "Pauze", Color::BLACK);
        let dark = pixmap.pixels().iter().filter(|p| p.red() < 100).count();
        assert!(dark > 50, "only {dark} dark pixels");
    }
}
