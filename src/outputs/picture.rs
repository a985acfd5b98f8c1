//! The exercise cards' pictures as PNG. The core draws each card as SVG; resvg (pure Rust)
//! rasterises it here, and the cache keeps one file per card so a notification can point its
//! image hint at it.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use resvg::{tiny_skia, usvg};

use crate::atomic_file::{self, Durability};
use crate::core::figure::{self, Figure};
use crate::core::tips::Card;
use crate::paths;

/// The SVG as PNG, scaled by `scale` (2 gives sharp pictures on high-density screens).
pub fn png(svg: &str, scale: f32) -> anyhow::Result<Vec<u8>> {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).context("cannot read the picture's SVG")?;
    let size = tree.size().to_int_size().scale_by(scale).context("the picture has no size")?;
    let mut pixmap =
        tiny_skia::Pixmap::new(size.width(), size.height()).context("cannot allocate the picture's pixels")?;
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().context("cannot encode the picture as PNG")
}

/// A card's picture as PNG.
pub fn card_png(figure: &Figure) -> anyhow::Result<Vec<u8>> {
    png(&figure::svg(figure), 1.0)
}

/// The card's picture in the cache directory (`$XDG_CACHE_HOME/posture/cards/<id>.png`),
/// rendered on first use and again only when the drawing changed (a new version, an edited
/// user card). `None` for a card without a picture.
pub fn cached(card: &Card) -> anyhow::Result<Option<PathBuf>> {
    let Some(figure) = &card.figure else { return Ok(None) };
    let dir = paths::cards_cache_dir().context("cannot find the cache directory")?;
    let png_path = dir.join(format!("{}.png", card.id));
    let svg_path = dir.join(format!("{}.svg", card.id));
    let svg = figure::svg(figure);
    if !is_current(&png_path, &svg_path, &svg) {
        let bytes = png(&svg, 1.0)?;
        // A cache, written in the notifier's task: never waiting on the disk.
        atomic_file::write_with(&png_path, &bytes, Durability::Kernel)
            .with_context(|| format!("cannot write {}", png_path.display()))?;
        // Written after the PNG, so a crash between the two renders again rather than keeping
        // a stale picture.
        atomic_file::write_with(&svg_path, svg.as_bytes(), Durability::Kernel)
            .with_context(|| format!("cannot write {}", svg_path.display()))?;
    }
    Ok(Some(png_path))
}

fn is_current(png_path: &Path, svg_path: &Path, svg: &str) -> bool {
    png_path.is_file() && fs::read_to_string(svg_path).is_ok_and(|drawn| drawn == svg)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::core::tips::Catalogue;

    #[test]
    fn every_card_renders_to_a_distinct_non_empty_png() {
        let catalogue = Catalogue::builtin();
        let mut seen = HashSet::new();
        for card in catalogue.tips() {
            let bytes = card_png(card.figure.as_ref().expect("a built-in card has a picture")).unwrap();
            assert!(bytes.starts_with(b"\x89PNG"), "{}: not a PNG", card.id);
            let pixmap = tiny_skia::Pixmap::decode_png(&bytes).unwrap();
            assert_eq!((pixmap.width(), pixmap.height()), (figure::WIDTH as u32, figure::HEIGHT as u32));
            let ink = pixmap.pixels().iter().filter(|p| p.blue() > 100 && p.red() < 80).count();
            assert!(ink > 500, "{}: only {ink} figure pixels", card.id);
            assert!(seen.insert(bytes), "{}: the same picture as another card", card.id);
        }
    }
}
