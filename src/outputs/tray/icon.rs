//! The tray icon, drawn in code: a dark disc with a light rim (readable on light and dark
//! panels), a ring that fills toward the next break, and a sign for the states that hold it.
//!
//! The shapes match the SVG sources in `packaging/icons/tray/` (a 48-unit square). Each shape
//! is a signed distance function, so edges are anti-aliased at any size without a rasteriser
//! crate. The icon depends only on [`Look`], which has few values, so the tray re-renders only
//! when the look changes.

use std::f32::consts::TAU;

use crate::control::protocol::StatusReport;
use crate::core::engine::Mode;

use super::menu::{RING_STEPS, ring_step};

/// Pixels per side of the rendered icon: hosts scale it to their panel (22 to 48 px).
pub const SIZE: u32 = 32;

/// Everything the icon shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// Counting toward the next break: `step` of [`RING_STEPS`]; `away` greys the ring.
    Progress {
        step: u64,
        away: bool,
    },
    /// A reminder is waiting.
    Due,
    Snoozed,
    Paused,
    Meeting,
    /// Outside the schedule: nothing counts.
    Off,
}

impl Look {
    pub fn of(report: &StatusReport) -> Look {
        if report.pending.is_some() {
            return Look::Due;
        }
        match report.state {
            Mode::Active => Look::Progress { step: ring_step(report), away: false },
            Mode::Away => Look::Progress { step: ring_step(report), away: true },
            Mode::Snoozed => Look::Snoozed,
            Mode::Paused => Look::Paused,
            Mode::Meeting => Look::Meeting,
            Mode::OutsideSchedule => Look::Off,
        }
    }
}

type Rgb = [f32; 3];

const DISC: Rgb = rgb(0x26, 0x32, 0x38);
const RIM: Rgb = rgb(0xEC, 0xEF, 0xF1);
const TRACK: Rgb = rgb(0x54, 0x6E, 0x7A);
const GREEN: Rgb = rgb(0x66, 0xBB, 0x6A);
const GREY: Rgb = rgb(0x90, 0xA4, 0xAE);
const ORANGE: Rgb = rgb(0xFF, 0x98, 0x00);
const BLUE: Rgb = rgb(0x42, 0xA5, 0xF5);
const PURPLE: Rgb = rgb(0xBA, 0x68, 0xC8);
const WHITE: Rgb = rgb(0xFF, 0xFF, 0xFF);

const fn rgb(r: u8, g: u8, b: u8) -> Rgb {
    [r as f32 / 255.0, g as f32 / 255.0, b as f32 / 255.0]
}

/// Geometry in SVG units (48 × 48).
const CENTER: f32 = 24.0;
const DISC_RADIUS: f32 = 22.0;
const RIM_WIDTH: f32 = 1.5;
const RING_RADIUS: f32 = 15.0;
const RING_WIDTH: f32 = 6.0;

/// A signed distance in SVG units: negative inside the shape.
type Shape = Box<dyn Fn(f32, f32) -> f32>;

fn circle(cx: f32, cy: f32, r: f32) -> Shape {
    Box::new(move |x, y| (x - cx).hypot(y - cy) - r)
}

/// A rectangle with rounded corners of radius `r`, from (x0, y0) to (x1, y1).
fn rounded(x0: f32, y0: f32, x1: f32, y1: f32, r: f32) -> Shape {
    let (cx, cy, hx, hy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0, (x1 - x0) / 2.0 - r, (y1 - y0) / 2.0 - r);
    Box::new(move |x, y| {
        let (dx, dy) = ((x - cx).abs() - hx, (y - cy).abs() - hy);
        dx.max(0.0).hypot(dy.max(0.0)) + dx.max(dy).min(0.0) - r
    })
}

/// A ring segment from 12 o'clock clockwise over `fraction` of the circle.
fn arc(fraction: f32) -> Shape {
    Box::new(move |x, y| {
        let (dx, dy) = (x - CENTER, y - CENTER);
        let radius = dx.hypot(dy);
        let band = (radius - RING_RADIUS).abs() - RING_WIDTH / 2.0;
        if fraction >= 1.0 {
            return band;
        }
        // Angle from 12 o'clock, clockwise (y grows downwards).
        let angle = dx.atan2(-dy).rem_euclid(TAU);
        let end = fraction * TAU;
        // Distance to the nearer end of the segment, along the circle.
        let sector = if angle <= end { -(angle.min(end - angle)) } else { (angle - end).min(TAU - angle) };
        band.max(sector * radius)
    })
}

/// The layers of a look, bottom first.
fn layers(look: Look) -> Vec<(Shape, Rgb)> {
    let mut out: Vec<(Shape, Rgb)> = vec![
        (circle(CENTER, CENTER, DISC_RADIUS), RIM),
        (circle(CENTER, CENTER, DISC_RADIUS - RIM_WIDTH), DISC),
        (arc(1.0), TRACK),
    ];
    match look {
        Look::Progress { step, away } => {
            if step > 0 {
                out.push((arc(step as f32 / RING_STEPS as f32), if away { GREY } else { GREEN }));
            }
        }
        Look::Due => {
            out.push((arc(1.0), ORANGE));
            out.push((rounded(22.0, 15.0, 26.0, 27.0, 2.0), WHITE));
            out.push((circle(24.0, 31.5, 2.25), WHITE));
        }
        Look::Snoozed => {
            out.push((arc(1.0), BLUE));
            // A crescent moon: one disc with another cut out of it.
            let (full, cut) = (circle(24.0, 24.0, 7.0), circle(27.5, 21.0, 6.0));
            out.push((Box::new(move |x, y| full(x, y).max(-cut(x, y))), WHITE));
        }
        Look::Paused => {
            out.push((rounded(18.5, 17.0, 22.0, 31.0, 1.0), WHITE));
            out.push((rounded(26.0, 17.0, 29.5, 31.0, 1.0), WHITE));
        }
        Look::Meeting => {
            out.push((arc(1.0), PURPLE));
            for x in [18.5, 24.0, 29.5] {
                out.push((circle(x, 24.0, 2.25), WHITE));
            }
        }
        // A dash: nothing counts.
        Look::Off => out.push((rounded(17.0, 22.5, 31.0, 25.5, 1.5), GREY)),
    }
    out
}

/// The icon as straight RGBA, `size` × `size` pixels, row by row.
pub fn render(look: Look, size: u32) -> Vec<u8> {
    let layers = layers(look);
    let scale = 48.0 / size as f32;
    let mut rgba = Vec::with_capacity((size * size * 4) as usize);
    for row in 0..size {
        for column in 0..size {
            let (x, y) = ((column as f32 + 0.5) * scale, (row as f32 + 0.5) * scale);
            // Premultiplied colour, composited bottom to top.
            let (mut color, mut alpha) = ([0.0f32; 3], 0.0f32);
            for (shape, fill) in &layers {
                // Coverage of the pixel: the distance in pixels, clamped to half a pixel each way.
                let coverage = (0.5 - shape(x, y) / scale).clamp(0.0, 1.0);
                for (c, f) in color.iter_mut().zip(fill) {
                    *c = f * coverage + *c * (1.0 - coverage);
                }
                alpha = coverage + alpha * (1.0 - coverage);
            }
            let straight = |c: f32| if alpha > 0.0 { (c / alpha * 255.0).round() as u8 } else { 0 };
            rgba.extend([straight(color[0]), straight(color[1]), straight(color[2]), (alpha * 255.0).round() as u8]);
        }
    }
    rgba
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pixel(rgba: &[u8], size: u32, x: u32, y: u32) -> [u8; 4] {
        let i = ((y * size + x) * 4) as usize;
        [rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]]
    }

    #[test]
    fn every_look_is_distinct() {
        let looks = [
            Look::Progress { step: 0, away: false },
            Look::Progress { step: 8, away: false },
            Look::Progress { step: 8, away: true },
            Look::Due,
            Look::Snoozed,
            Look::Paused,
            Look::Meeting,
            Look::Off,
        ];
        let images: Vec<Vec<u8>> = looks.iter().map(|look| render(*look, SIZE)).collect();
        for (i, a) in images.iter().enumerate() {
            assert_eq!(a.len(), (SIZE * SIZE * 4) as usize);
            for (j, b) in images.iter().enumerate().skip(i + 1) {
                assert_ne!(a, b, "{:?} and {:?} look the same", looks[i], looks[j]);
            }
        }
    }

    #[test]
    fn corners_are_transparent_and_the_rim_is_light() {
        let image = render(Look::Progress { step: 4, away: false }, 48);
        assert_eq!(pixel(&image, 48, 0, 0)[3], 0);
        assert_eq!(pixel(&image, 48, 47, 47)[3], 0);
        // The rim at the top edge is opaque and light, the disc inside it dark.
        let rim = pixel(&image, 48, 24, 2);
        assert!(rim[3] > 200 && rim[0] > 200, "{rim:?}");
        let disc = pixel(&image, 48, 24, 24);
        assert!(disc[3] == 255 && disc[0] < 80, "{disc:?}");
    }

    #[test]
    fn the_ring_fills_clockwise_from_the_top() {
        // A quarter: the right side (3 o'clock) is green, the left (9 o'clock) is track.
        let image = render(Look::Progress { step: RING_STEPS / 4 + 1, away: false }, 48);
        let right = pixel(&image, 48, 39, 24);
        let left = pixel(&image, 48, 8, 24);
        assert!(right[1] > 150 && right[0] < 150, "3 o'clock is green: {right:?}");
        assert!(left[1] < 150, "9 o'clock is still track: {left:?}");
    }

    #[test]
    fn edges_are_anti_aliased() {
        let image = render(Look::Due, SIZE);
        let partial = image.chunks(4).filter(|p| p[3] > 0 && p[3] < 255).count();
        assert!(partial > 20, "only {partial} partly covered pixels");
    }
}
