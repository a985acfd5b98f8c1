//! The exercise pictures: one stick figure, posed by joint angles, drawn to SVG.
//!
//! Every card's picture is data (a start and an end pose) run through this one renderer, so all
//! cards share one style and the break screen can animate between the two poses. Pure: the
//! output is an SVG string; the binary rasterises it.
//!
//! Angles are in degrees on the screen. Limbs: 0 points straight down, 90 to the right, 180 up,
//! -90 to the left. Torso and head: 0 is upright, positive leans right. In the side view the
//! figure faces right, so "right" is forward; the `_l` limbs are the far ones, drawn paler.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

/// Which way the figure is seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// Facing the viewer: sideways tilts and arm raises show.
    #[default]
    Front,
    /// Facing right: bending forward and back, reaching forward and stepping show.
    Side,
}

/// Something the figure leans or rests its hands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Support {
    #[default]
    None,
    /// A vertical line through the hand furthest forward.
    Wall,
    /// A desk top under the hand furthest forward.
    Desk,
}

/// One pose, complete.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pose {
    pub seated: bool,
    pub torso: f32,
    pub head: f32,
    /// 0 to 1: how far the shoulders are pulled up.
    pub shrug: f32,
    /// Upper arm and forearm.
    pub arm_l: [f32; 2],
    pub arm_r: [f32; 2],
    /// The hand's angle; the forearm's when not set.
    pub hand_l: Option<f32>,
    pub hand_r: Option<f32>,
    /// Thigh and shin.
    pub leg_l: [f32; 2],
    pub leg_r: [f32; 2],
    pub mouth_open: bool,
    pub eyes_closed: bool,
    /// Standing on the toes.
    pub tiptoe: bool,
}

impl Pose {
    const STANDING: Pose = Pose {
        seated: false,
        torso: 0.0,
        head: 0.0,
        shrug: 0.0,
        arm_l: [-8.0, -5.0],
        arm_r: [8.0, 5.0],
        hand_l: None,
        hand_r: None,
        leg_l: [-4.0, -2.0],
        leg_r: [4.0, 2.0],
        mouth_open: false,
        eyes_closed: false,
        tiptoe: false,
    };

    /// The pose a fraction `t` (0 to 1) of the way from `self` to `to`: angles move
    /// smoothly, and the switches (seated, eyes, mouth, tiptoe) flip halfway.
    pub fn toward(&self, to: &Pose, t: f32) -> Pose {
        let t = t.clamp(0.0, 1.0);
        let mix = |a: f32, b: f32| a + (b - a) * t;
        let pair = |a: [f32; 2], b: [f32; 2]| [mix(a[0], b[0]), mix(a[1], b[1])];
        // An unset hand follows its forearm.
        let hand = |a: Option<f32>, arm_a: [f32; 2], b: Option<f32>, arm_b: [f32; 2]| {
            Some(mix(a.unwrap_or(arm_a[1]), b.unwrap_or(arm_b[1])))
        };
        let flip = |a: bool, b: bool| if t < 0.5 { a } else { b };
        Pose {
            seated: flip(self.seated, to.seated),
            torso: mix(self.torso, to.torso),
            head: mix(self.head, to.head),
            shrug: mix(self.shrug, to.shrug),
            arm_l: pair(self.arm_l, to.arm_l),
            arm_r: pair(self.arm_r, to.arm_r),
            hand_l: hand(self.hand_l, self.arm_l, to.hand_l, to.arm_l),
            hand_r: hand(self.hand_r, self.arm_r, to.hand_r, to.arm_r),
            leg_l: pair(self.leg_l, to.leg_l),
            leg_r: pair(self.leg_r, to.leg_r),
            mouth_open: flip(self.mouth_open, to.mouth_open),
            eyes_closed: flip(self.eyes_closed, to.eyes_closed),
            tiptoe: flip(self.tiptoe, to.tiptoe),
        }
    }
}

/// A pose as written in a card: every field optional, filled from the pose before it.
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialPose {
    seated: Option<bool>,
    torso: Option<f32>,
    head: Option<f32>,
    shrug: Option<f32>,
    arm_l: Option<[f32; 2]>,
    arm_r: Option<[f32; 2]>,
    hand_l: Option<f32>,
    hand_r: Option<f32>,
    leg_l: Option<[f32; 2]>,
    leg_r: Option<[f32; 2]>,
    mouth_open: Option<bool>,
    eyes_closed: Option<bool>,
    tiptoe: Option<bool>,
}

impl PartialPose {
    /// `base` with this pose's fields laid over it. A seated pose without legs gets seated legs.
    fn over(&self, base: &Pose, view: View) -> Pose {
        let seated = self.seated.unwrap_or(base.seated);
        // Sitting down or standing up changes the legs unless the pose sets them.
        let (leg_l, leg_r) = match (seated, base.seated, view) {
            (true, false, View::Side) => ([88.0, 0.0], [92.0, 2.0]),
            (true, false, View::Front) => ([-20.0, -3.0], [20.0, 3.0]),
            (false, true, _) => (Pose::STANDING.leg_l, Pose::STANDING.leg_r),
            _ => (base.leg_l, base.leg_r),
        };
        Pose {
            seated,
            torso: self.torso.unwrap_or(base.torso),
            head: self.head.unwrap_or(base.head),
            shrug: self.shrug.unwrap_or(base.shrug),
            arm_l: self.arm_l.unwrap_or(base.arm_l),
            arm_r: self.arm_r.unwrap_or(base.arm_r),
            hand_l: self.hand_l.or(base.hand_l),
            hand_r: self.hand_r.or(base.hand_r),
            leg_l: self.leg_l.unwrap_or(leg_l),
            leg_r: self.leg_r.unwrap_or(leg_r),
            mouth_open: self.mouth_open.unwrap_or(base.mouth_open),
            eyes_closed: self.eyes_closed.unwrap_or(base.eyes_closed),
            tiptoe: self.tiptoe.unwrap_or(base.tiptoe),
        }
    }
}

/// A card's picture as written in the tip file.
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFigure {
    #[serde(default)]
    view: View,
    #[serde(default)]
    support: Support,
    #[serde(default)]
    start: PartialPose,
    #[serde(default)]
    end: PartialPose,
}

/// A card's picture: the start pose and the end pose.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figure {
    pub view: View,
    pub support: Support,
    pub start: Pose,
    pub end: Pose,
}

impl Figure {
    /// The start pose fills in from a standing figure, the end pose from the start pose.
    pub fn from_raw(raw: &RawFigure) -> Figure {
        let start = raw.start.over(&Pose::STANDING, raw.view);
        let end = raw.end.over(&start, raw.view);
        Figure { view: raw.view, support: raw.support, start, end }
    }
}

// Segment lengths and sizes, in SVG units. A panel is PANEL_W × PANEL_H with the floor at FLOOR.
const TORSO: f32 = 46.0;
const NECK: f32 = 6.0;
const HEAD_R: f32 = 10.0;
const UPPER_ARM: f32 = 26.0;
const FOREARM: f32 = 23.0;
const HAND: f32 = 7.0;
const THIGH: f32 = 38.0;
const SHIN: f32 = 36.0;
const FOOT: f32 = 8.0;
const SHOULDER_HALF: f32 = 14.0;
const HIP_HALF: f32 = 7.0;
const SEAT_Y: f32 = 146.0;
const FLOOR: f32 = 188.0;
const PANEL_W: f32 = 160.0;
const PANEL_H: f32 = 200.0;
/// Width of one card picture: two panels with an arrow between.
pub const WIDTH: f32 = 2.0 * PANEL_W + 40.0;
pub const HEIGHT: f32 = PANEL_H;

const INK: &str = "#1f4e79";
const FAR: &str = "#8fb3d6";
const FURNITURE: &str = "#9aa5b1";
const GROUND: &str = "#cbd2d9";

#[derive(Debug, Clone, Copy, PartialEq)]
struct P(f32, f32);

impl P {
    fn limb(self, length: f32, degrees: f32) -> P {
        let r = degrees.to_radians();
        P(self.0 + length * r.sin(), self.1 + length * r.cos())
    }

    fn up(self, length: f32, degrees: f32) -> P {
        let r = degrees.to_radians();
        P(self.0 + length * r.sin(), self.1 - length * r.cos())
    }

    fn shift(self, dx: f32, dy: f32) -> P {
        P(self.0 + dx, self.1 + dy)
    }
}

/// The joints of a posed figure.
struct Joints {
    hip: [P; 2],
    shoulder: [P; 2],
    neck: P,
    head: P,
    elbow: [P; 2],
    wrist: [P; 2],
    hand: [P; 2],
    knee: [P; 2],
    ankle: [P; 2],
    toe: [P; 2],
}

impl Joints {
    fn points(&self) -> impl Iterator<Item = P> + '_ {
        [self.neck, self.head.shift(0.0, -HEAD_R), self.head.shift(HEAD_R, 0.0), self.head.shift(-HEAD_R, 0.0)]
            .into_iter()
            .chain(self.hip.into_iter().chain(self.shoulder))
            .chain(self.elbow.into_iter().chain(self.wrist).chain(self.hand))
            .chain(self.knee.into_iter().chain(self.ankle).chain(self.toe))
    }

    fn shift(&mut self, dx: f32, dy: f32) {
        for p in [&mut self.neck, &mut self.head]
            .into_iter()
            .chain(self.hip.iter_mut())
            .chain(self.shoulder.iter_mut())
            .chain(self.elbow.iter_mut())
            .chain(self.wrist.iter_mut())
            .chain(self.hand.iter_mut())
            .chain(self.knee.iter_mut())
            .chain(self.ankle.iter_mut())
            .chain(self.toe.iter_mut())
        {
            *p = p.shift(dx, dy);
        }
    }
}

fn pose_joints(pose: &Pose, view: View) -> Joints {
    let (shoulder_half, hip_half, foot_dir) = match view {
        View::Front => (SHOULDER_HALF, HIP_HALF, None),
        View::Side => (0.0, 0.0, Some(90.0)),
    };
    let hip_center = P(0.0, 0.0);
    let top = hip_center.up(TORSO, pose.torso);
    let lift = 5.0 * pose.shrug;
    let across = |p: P, half: f32, side: f32| {
        let r = pose.torso.to_radians();
        p.shift(side * half * r.cos(), side * half * r.sin())
    };
    let shoulder =
        [across(top, shoulder_half, -1.0).shift(0.0, -lift), across(top, shoulder_half, 1.0).shift(0.0, -lift)];
    let hip = [across(hip_center, hip_half, -1.0), across(hip_center, hip_half, 1.0)];
    let neck = top.up(NECK, pose.head);
    let head = top.up(NECK + HEAD_R, pose.head);
    let arms = [(pose.arm_l, pose.hand_l), (pose.arm_r, pose.hand_r)];
    let elbow = [0, 1].map(|i| shoulder[i].limb(UPPER_ARM, arms[i].0[0]));
    let wrist = [0, 1].map(|i| elbow[i].limb(FOREARM, arms[i].0[1]));
    let hand = [0, 1].map(|i| wrist[i].limb(HAND, arms[i].1.unwrap_or(arms[i].0[1])));
    let legs = [pose.leg_l, pose.leg_r];
    // Seen from the front, a seated figure's thighs point at the viewer and look short.
    let thigh = if pose.seated && view == View::Front { THIGH * 0.2 } else { THIGH };
    let knee = [0, 1].map(|i| hip[i].limb(thigh, legs[i][0]));
    let ankle = [0, 1].map(|i| knee[i].limb(SHIN, legs[i][1]));
    let toe = [0, 1].map(|i| {
        let flat = foot_dir.unwrap_or(if i == 0 { -70.0 } else { 70.0 });
        // On the toes the foot points down-forward instead of along the floor.
        ankle[i].limb(FOOT, if pose.tiptoe { flat * 0.4 } else { flat })
    });
    let mut joints = Joints { hip, shoulder, neck, head, elbow, wrist, hand, knee, ankle, toe };
    // Seated, the hips rest on the seat; standing, the lowest foot rests on the floor.
    let dy = if pose.seated {
        SEAT_Y - 4.0
    } else {
        FLOOR - 2.0 - joints.ankle.iter().chain(&joints.toe).map(|p| p.1).fold(f32::MIN, f32::max)
    };
    joints.shift(0.0, dy);
    joints
}

fn line(out: &mut String, a: P, b: P, colour: &str, width: f32) {
    let _ = write!(
        out,
        r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="{width}" stroke-linecap="round"/>"#,
        a.0, a.1, b.0, b.1
    );
}

fn polyline(out: &mut String, points: &[P], colour: &str, width: f32) {
    let pts: Vec<String> = points.iter().map(|p| format!("{:.1},{:.1}", p.0, p.1)).collect();
    let _ = write!(
        out,
        r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="{width}" stroke-linecap="round" stroke-linejoin="round"/>"#,
        pts.join(" ")
    );
}

/// One pose in a panel whose left edge is at `x0`.
fn panel(out: &mut String, pose: &Pose, view: View, support: Support, x0: f32, chair: bool) {
    let mut j = pose_joints(pose, view);
    let reach = |j: &Joints| if j.hand[0].0 > j.hand[1].0 { j.hand[0] } else { j.hand[1] };
    // Centre the figure with its chair and support in the panel.
    let (mut min, mut max) = j.points().fold((f32::MAX, f32::MIN), |(lo, hi), p| (lo.min(p.0), hi.max(p.0)));
    let hip_x = (j.hip[0].0 + j.hip[1].0) / 2.0;
    if chair {
        (min, max) = (min.min(hip_x - 20.0), max.max(hip_x + 20.0));
    }
    match support {
        Support::None => {}
        Support::Wall => max = max.max(reach(&j).0 + 6.0),
        Support::Desk => max = max.max(reach(&j).0 + 32.0),
    }
    let centre = x0 + PANEL_W / 2.0;
    j.shift(centre - (min + max) / 2.0, 0.0);
    line(out, P(x0 + 8.0, FLOOR), P(x0 + PANEL_W - 8.0, FLOOR), GROUND, 3.0);
    // A wide pose (leaning on the desk) shrinks about the floor's centre to stay in its panel.
    let room = PANEL_W - 16.0;
    let scale = if max - min > room { room / (max - min) } else { 1.0 };
    let _ = write!(
        out,
        r#"<g transform="translate({centre:.1} {FLOOR}) scale({scale:.3}) translate({:.1} {:.1})">"#,
        -centre, -FLOOR
    );
    if chair {
        let x = (j.hip[0].0 + j.hip[1].0) / 2.0;
        // The backrest makes the stool a chair, so sitting reads as sitting from either side.
        match view {
            View::Side => line(out, P(x - 17.0, SEAT_Y + 2.0), P(x - 21.0, SEAT_Y - 44.0), FURNITURE, 4.0),
            View::Front => {
                let _ = write!(
                    out,
                    r##"<rect x="{:.1}" y="{:.1}" width="44" height="48" rx="4" fill="#dde3e9"/>"##,
                    x - 22.0,
                    SEAT_Y - 46.0
                );
            }
        }
        line(out, P(x - 18.0, SEAT_Y + 2.0), P(x + 18.0, SEAT_Y + 2.0), FURNITURE, 5.0);
        line(out, P(x - 14.0, SEAT_Y + 2.0), P(x - 14.0, FLOOR), FURNITURE, 3.0);
        line(out, P(x + 14.0, SEAT_Y + 2.0), P(x + 14.0, FLOOR), FURNITURE, 3.0);
    }
    let reach = reach(&j);
    match support {
        Support::None => {}
        Support::Wall => line(out, P(reach.0 + 4.0, 20.0), P(reach.0 + 4.0, FLOOR), FURNITURE, 5.0),
        Support::Desk => {
            line(out, P(reach.0 - 14.0, reach.1 + 4.0), P(reach.0 + 30.0, reach.1 + 4.0), FURNITURE, 5.0);
            line(out, P(reach.0 + 22.0, reach.1 + 4.0), P(reach.0 + 22.0, FLOOR), FURNITURE, 3.0);
        }
    }
    // Side view: far limbs first and paler. Front view: both limbs in ink.
    let far = if view == View::Side { FAR } else { INK };
    for (i, colour) in [(0, far), (1, INK)] {
        polyline(out, &[j.hip[i], j.knee[i], j.ankle[i], j.toe[i]], colour, 7.0);
        if view == View::Side && i == 0 {
            polyline(out, &[j.shoulder[0], j.elbow[0], j.wrist[0], j.hand[0]], colour, 6.0);
        }
    }
    let shoulder_mid = P((j.shoulder[0].0 + j.shoulder[1].0) / 2.0, (j.shoulder[0].1 + j.shoulder[1].1) / 2.0);
    let hip_mid = P((j.hip[0].0 + j.hip[1].0) / 2.0, (j.hip[0].1 + j.hip[1].1) / 2.0);
    if view == View::Front {
        line(out, j.hip[0], j.hip[1], INK, 8.0);
        line(out, j.shoulder[0], j.shoulder[1], INK, 8.0);
    }
    line(out, hip_mid, shoulder_mid, INK, 9.0);
    line(out, shoulder_mid, j.neck, INK, 6.0);
    let arms: &[usize] = if view == View::Side { &[1] } else { &[0, 1] };
    for &i in arms {
        polyline(out, &[j.shoulder[i], j.elbow[i], j.wrist[i], j.hand[i]], INK, 6.0);
    }
    face(out, pose, view, j.head);
    out.push_str("</g>");
}

fn face(out: &mut String, pose: &Pose, view: View, c: P) {
    let _ = write!(out, r#"<circle cx="{:.1}" cy="{:.1}" r="{HEAD_R}" fill="{INK}"/>"#, c.0, c.1);
    let tilt = pose.head.to_radians();
    // Face features turn with the head.
    let at = |dx: f32, dy: f32| P(c.0 + dx * tilt.cos() - dy * tilt.sin(), c.1 + dx * tilt.sin() + dy * tilt.cos());
    let eyes: &[f32] = if view == View::Front { &[-3.5, 3.5] } else { &[5.0] };
    for &dx in eyes {
        let e = at(dx, -2.0);
        if pose.eyes_closed {
            line(out, e.shift(-1.8, 0.0), e.shift(1.8, 0.0), "white", 1.2);
        } else {
            let _ = write!(out, r#"<circle cx="{:.1}" cy="{:.1}" r="1.4" fill="white"/>"#, e.0, e.1);
        }
    }
    let mouth = if view == View::Front { at(0.0, 4.5) } else { at(6.0, 4.5) };
    if pose.mouth_open {
        let _ = write!(out, r#"<ellipse cx="{:.1}" cy="{:.1}" rx="2" ry="2.6" fill="white"/>"#, mouth.0, mouth.1);
    } else {
        line(out, mouth.shift(-2.2, 0.0), mouth.shift(2.2, 0.0), "white", 1.2);
    }
}

/// The picture's content without the `<svg>` element, `WIDTH` × `HEIGHT` units.
pub fn body(figure: &Figure) -> String {
    let mut out = String::new();
    let _ = write!(out, r#"<rect width="{WIDTH}" height="{HEIGHT}" rx="12" fill="white"/>"#);
    let chair = figure.start.seated || figure.end.seated;
    panel(&mut out, &figure.start, figure.view, figure.support, 0.0, chair);
    panel(&mut out, &figure.end, figure.view, figure.support, PANEL_W + 40.0, chair);
    // The arrow from the start pose to the end pose.
    let (x, y) = (PANEL_W + 8.0, PANEL_H / 2.0);
    line(&mut out, P(x, y), P(x + 22.0, y), FURNITURE, 3.0);
    polyline(&mut out, &[P(x + 15.0, y - 7.0), P(x + 23.0, y), P(x + 15.0, y + 7.0)], FURNITURE, 3.0);
    out
}

fn document(width: f32, height: f32, content: &str) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">{content}</svg>
"#
    )
}

/// A card's picture as a standalone SVG document.
pub fn svg(figure: &Figure) -> String {
    document(WIDTH, HEIGHT, &body(figure))
}

/// Width of [`pose_svg`]'s picture: one panel.
pub const POSE_WIDTH: f32 = PANEL_W;

/// The figure `t` (0 to 1) of the way from its start pose to its end pose, one panel of
/// `POSE_WIDTH` × `HEIGHT` units: a frame of the break screen's animation.
pub fn pose_svg(figure: &Figure, t: f32) -> String {
    let mut out = format!(r#"<rect width="{PANEL_W}" height="{PANEL_H}" rx="12" fill="white"/>"#);
    let chair = figure.start.seated || figure.end.seated;
    panel(&mut out, &figure.start.toward(&figure.end, t), figure.view, figure.support, 0.0, chair);
    document(PANEL_W, PANEL_H, &out)
}

/// Pictures side by side, `columns` to a row, at half size: the README's card overview.
pub fn grid(figures: &[&Figure], columns: usize) -> String {
    let columns = columns.max(1);
    let (cell_w, cell_h, gap) = (WIDTH / 2.0, HEIGHT / 2.0, 8.0);
    let rows = figures.len().div_ceil(columns);
    let width = columns as f32 * (cell_w + gap) + gap;
    let height = rows as f32 * (cell_h + gap) + gap;
    let mut content = format!(r##"<rect width="{width}" height="{height}" fill="#eef2f6"/>"##);
    for (i, figure) in figures.iter().enumerate() {
        let x = gap + (i % columns) as f32 * (cell_w + gap);
        let y = gap + (i / columns) as f32 * (cell_h + gap);
        let _ = write!(content, r#"<g transform="translate({x} {y}) scale(0.5)">{}</g>"#, body(figure));
    }
    document(width, height, &content)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(text: &str) -> Figure {
        Figure::from_raw(&toml::from_str::<RawFigure>(text).unwrap())
    }

    #[test]
    fn the_end_pose_fills_in_from_the_start_pose() {
        let f = figure("view = \"side\"\nstart = { seated = true, torso = 10 }\nend = { head = 20 }");
        assert!(f.start.seated && f.end.seated);
        assert_eq!((f.end.torso, f.end.head), (10.0, 20.0));
        assert_eq!(f.start.leg_r, [92.0, 2.0], "seated legs by default");
    }

    #[test]
    fn standing_feet_touch_the_floor_and_seated_hips_the_seat() {
        let j = pose_joints(&Pose::STANDING, View::Front);
        let lowest = j.ankle.iter().chain(&j.toe).map(|p| p.1).fold(f32::MIN, f32::max);
        assert!((lowest - (FLOOR - 2.0)).abs() < 0.01);
        let seated = PartialPose { seated: Some(true), ..PartialPose::default() }.over(&Pose::STANDING, View::Side);
        let j = pose_joints(&seated, View::Side);
        assert!((j.hip[1].1 - (SEAT_Y - 4.0)).abs() < 0.01);
    }

    #[test]
    fn the_svg_is_a_document_and_poses_change_it() {
        let a = svg(&figure("end = { head = 20 }"));
        let b = svg(&figure("end = { head = -20 }"));
        assert!(a.starts_with("<svg") && a.trim_end().ends_with("</svg>"));
        assert_ne!(a, b);
        let g = grid(&[&figure(""), &figure("view = \"side\"")], 4);
        assert_eq!(g.matches("scale(0.5)").count(), 2);
    }

    #[test]
    fn the_animation_moves_from_the_start_pose_to_the_end_pose() {
        let f = figure("start = { head = -20, eyes_closed = false }\nend = { head = 20, eyes_closed = true }");
        let halfway = f.start.toward(&f.end, 0.5);
        assert_eq!(halfway.head, 0.0);
        assert!(halfway.eyes_closed, "switches flip halfway");
        assert_eq!(f.start.toward(&f.end, 0.0).head, -20.0);
        assert_eq!(f.start.toward(&f.end, 7.0).head, 20.0, "t is clamped");
        let (a, b) = (pose_svg(&f, 0.0), pose_svg(&f, 1.0));
        assert!(a.starts_with("<svg") && a.contains(&format!("width=\"{POSE_WIDTH}\"")));
        assert_ne!(a, b);
    }

    #[test]
    fn unknown_pose_fields_are_rejected() {
        assert!(toml::from_str::<RawFigure>("start = { elbow = 3 }").is_err());
    }
}
