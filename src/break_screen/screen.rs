//! The break screen's [`App`]: the [`Model`]'s behaviour on a clock, and its drawing. The
//! primary output shows the break's title, the exercise card (title, steps, the figure moving
//! between its two poses, the source), the countdown with whether it runs, and the buttons; the
//! other outputs show the countdown alone.

use std::f32::consts::TAU;
use std::time::Duration;

use ab_glyph::FontArc;
use resvg::usvg;
use tiny_skia::{Color, Paint, Pixmap, Rect, Transform};

use super::app::{App, Flow, Key, UiEvent};
use super::font::{self, Fonts};
use super::model::{Model, Phase, Rules, Step};
use crate::core::engine::Answer;
use crate::core::figure::{self, Figure};
use crate::core::text::{Message, render};
use crate::core::{Kind, Lang};

/// One swing of the figure from its start pose to its end pose and back.
const ANIMATION_PERIOD: f32 = 4.0;
/// Frames while the break runs: smooth enough for a slow movement, cheap for a pixmap redraw.
const FRAME: Duration = Duration::from_millis(100);

const BACKGROUND: [u8; 3] = [0xee, 0xf2, 0xf6];
const TEXT: [u8; 3] = [0x1f, 0x29, 0x33];
const INK: [u8; 3] = [0x1f, 0x4e, 0x79];
const QUIET: [u8; 3] = [0x61, 0x6e, 0x7c];
const WARN: [u8; 3] = [0xb4, 0x4d, 0x12];
const BUTTON: [u8; 3] = [0xd9, 0xe2, 0xec];

fn rgb([r, g, b]: [u8; 3]) -> Color {
    Color::from_rgba8(r, g, b, 255)
}

/// What the break screen shows, already in the user's language.
#[derive(Debug, Clone)]
pub struct Content {
    pub kind: Kind,
    pub lang: Lang,
    /// What the Snooze button holds reminders for.
    pub snooze: Duration,
    pub card: Option<CardText>,
}

/// The exercise card's texts and picture.
#[derive(Debug, Clone)]
pub struct CardText {
    pub title: String,
    pub steps: Vec<String>,
    pub figure: Option<Figure>,
    /// The source document's title.
    pub source: Option<String>,
}

/// What the screen needs from outside: the time since it opened, telling the daemon an answer,
/// playing the end sound. Injected, so the tests drive it without a clock or a daemon.
pub trait Surroundings {
    fn now(&self) -> Duration;
    fn answer(&mut self, answer: Answer);
    fn finished(&mut self);
}

/// A button on the primary output, where it was last drawn.
#[derive(Debug, Clone, Copy)]
struct Button {
    answer: Answer,
    rect: Rect,
}

pub struct Screen<S: Surroundings> {
    content: Content,
    model: Model,
    fonts: Fonts,
    around: S,
    buttons: Vec<Button>,
    /// The primary output's index, for clicks.
    primary: usize,
    /// Whether input held the countdown when last looked, to log each pause and resumption.
    held: bool,
    /// Per output, the last frame without the moving figure: redrawn only when what it shows
    /// changes (the countdown's second, hands on or off), so a frame is mostly a copy.
    frames: Vec<Option<Frame>>,
}

/// A drawn frame without the figure, and where the figure goes.
struct Frame {
    look: Look,
    pixmap: Pixmap,
    /// Left, top and scale of the figure, when it has one.
    figure: Option<(f32, f32, f32)>,
}

/// Everything a frame shows apart from the figure's movement.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Look {
    width: u32,
    height: u32,
    primary: bool,
    phase: Phase,
    hands_on: bool,
    countdown: String,
}

impl<S: Surroundings> Screen<S> {
    pub fn new(content: Content, rules: Rules, fonts: Fonts, around: S) -> Screen<S> {
        Screen {
            content,
            model: Model::new(rules),
            fonts,
            around,
            buttons: Vec::new(),
            primary: 0,
            held: false,
            frames: Vec::new(),
        }
    }

    /// The surroundings back once the screen has closed, to wait for what they started.
    pub fn into_surroundings(self) -> S {
        self.around
    }

    /// The model's step, carried out.
    fn apply(&mut self, step: Step) -> Flow {
        let held = self.model.phase() == Phase::Break && self.model.hands_on(self.around.now());
        if held != self.held {
            self.held = held;
            // In the daemon's log: the system test and a user's bug report can see the countdown.
            let left = self.model.left(self.around.now()).as_secs();
            if held {
                tracing::info!(left, "break screen: countdown paused, hands on");
            } else {
                tracing::info!(left, "break screen: countdown resumed, hands off");
            }
        }
        match step {
            Step::Stay => Flow::Redraw,
            Step::Answer(answer) => {
                self.around.answer(answer);
                Flow::Exit
            }
            Step::Finished => {
                self.around.answer(Answer::Done);
                self.around.finished();
                Flow::Redraw
            }
            Step::Close => Flow::Exit,
        }
    }

    fn text(&self, message: &Message) -> String {
        render(self.content.lang, message)
    }

    /// Where the figure is in its swing, 0 (start pose) to 1 (end pose).
    fn swing(&self, now: Duration) -> f32 {
        0.5 - 0.5 * (TAU * now.as_secs_f32() / ANIMATION_PERIOD).cos()
    }

    /// Draws everything but the figure; returns where the figure goes.
    fn draw_primary(&mut self, pixmap: &mut Pixmap, now: Duration) -> Option<(f32, f32, f32)> {
        let (w, h) = (pixmap.width() as f32, pixmap.height() as f32);
        let scale = (w / 820.0).min(h / 700.0).clamp(0.6, 1.6);
        let column = (w - 40.0).min(720.0 * scale);
        let mut items = Vec::new();
        if self.model.phase() == Phase::Finished {
            items.push(Item::centred(&self.fonts.bold, 34.0 * scale, rgb(TEXT), self.text(&Message::BreakDoneTitle)));
            items.push(Item::Gap(12.0 * scale));
            items.push(Item::centred(&self.fonts.regular, 20.0 * scale, rgb(QUIET), self.text(&Message::BackToWork)));
            self.buttons.clear();
        } else {
            self.break_items(&mut items, scale, column, now);
        }
        let height: f32 = items.iter().map(|item| item.height(&self.fonts, scale)).sum();
        let mut y = ((h - height) / 2.0).max(10.0);
        let left = (w - column) / 2.0;
        let mut buttons = Vec::new();
        let mut figure = None;
        for item in &items {
            let item_height = item.height(&self.fonts, scale);
            match item {
                Item::Gap(_) => {}
                Item::Text { font, size, color, lines, centred } => {
                    let line = font::line_height(font, *size);
                    for (i, text) in lines.iter().enumerate() {
                        let x = if *centred { (w - font::width(font, *size, text)) / 2.0 } else { left };
                        font::draw(pixmap, font, *size, x, y + i as f32 * line, text, *color);
                    }
                }
                Item::Picture { height } => {
                    let width = height * figure::POSE_WIDTH / figure::HEIGHT;
                    figure = Some(((w - width) / 2.0, y, height / figure::HEIGHT));
                }
                Item::Buttons(row) => buttons = self.draw_buttons(pixmap, row, y, scale),
            }
            y += item_height;
        }
        if self.model.phase() == Phase::Break {
            self.buttons = buttons;
        }
        figure
    }

    fn break_items<'f>(&'f self, items: &mut Vec<Item<'f>>, scale: f32, column: f32, now: Duration) {
        let (regular, bold) = (&self.fonts.regular, &self.fonts.bold);
        let kind = self.content.kind;
        items.push(Item::centred(bold, 30.0 * scale, rgb(TEXT), self.text(&Message::BreakTitle { kind })));
        if let Some(card) = &self.content.card {
            items.push(Item::Gap(6.0 * scale));
            items.push(Item::centred(bold, 22.0 * scale, rgb(INK), card.title.clone()));
            if card.figure.is_some() {
                items.push(Item::Gap(12.0 * scale));
                items.push(Item::Picture { height: 190.0 * scale });
            }
            items.push(Item::Gap(12.0 * scale));
            let size = 18.0 * scale;
            let mut lines = Vec::new();
            for (i, step) in card.steps.iter().enumerate() {
                lines.extend(font::wrap(regular, size, &format!("{}. {step}", i + 1), column));
            }
            items.push(Item::Text { font: regular, size, color: rgb(TEXT), lines, centred: false });
        }
        items.push(Item::Gap(14.0 * scale));
        items.push(Item::centred(bold, 56.0 * scale, rgb(TEXT), clock(self.model.left(now))));
        let (status, color) =
            if self.model.hands_on(now) { (Message::HandsOff, rgb(WARN)) } else { (Message::CountingDown, rgb(QUIET)) };
        items.push(Item::centred(regular, 16.0 * scale, color, self.text(&status)));
        items.push(Item::Gap(16.0 * scale));
        let rules = *self.model.rules();
        let mut row = vec![(Answer::Done, format!("{}  ·  Enter", self.text(&Message::Done)))];
        if rules.can_snooze() {
            let label = self.text(&Message::Snooze { snooze: self.content.snooze });
            row.push((Answer::Snooze, format!("{label}  ·  S")));
        }
        if rules.can_skip() {
            row.push((Answer::Skip, format!("{}  ·  Esc", self.text(&Message::Skip))));
        }
        items.push(Item::Buttons(row));
        let mut notes = Vec::new();
        if rules.strict {
            notes.push(self.text(&Message::HoldEscapeToSkip));
        }
        if let Some(left) = rules.snoozes_left {
            notes.push(self.text(&Message::SnoozesLeft { left }));
        }
        if !notes.is_empty() {
            items.push(Item::Gap(8.0 * scale));
            items.push(Item::centred(regular, 14.0 * scale, rgb(QUIET), notes.join("  ·  ")));
        }
        if let Some(source) = self.content.card.as_ref().and_then(|card| card.source.clone()) {
            items.push(Item::Gap(14.0 * scale));
            let size = 13.0 * scale;
            let lines = font::wrap(regular, size, &self.text(&Message::SourceLine { title: source }), column);
            items.push(Item::Text { font: regular, size, color: rgb(QUIET), lines, centred: true });
        }
    }

    fn draw_buttons(&self, pixmap: &mut Pixmap, row: &[(Answer, String)], y: f32, scale: f32) -> Vec<Button> {
        let size = 18.0 * scale;
        let font = &self.fonts.bold;
        let (pad, gap, height) = (22.0 * scale, 16.0 * scale, BUTTON_HEIGHT * scale);
        let widths: Vec<f32> = row.iter().map(|(_, label)| font::width(font, size, label) + 2.0 * pad).collect();
        let total = widths.iter().sum::<f32>() + gap * (row.len().saturating_sub(1)) as f32;
        let mut x = (pixmap.width() as f32 - total) / 2.0;
        let mut buttons = Vec::new();
        for ((answer, label), width) in row.iter().zip(widths) {
            let (fill, color) =
                if *answer == Answer::Done { (rgb(INK), Color::WHITE) } else { (rgb(BUTTON), rgb(TEXT)) };
            if let Some(rect) = Rect::from_xywh(x, y, width, height) {
                fill_rect(pixmap, rect, fill);
                buttons.push(Button { answer: *answer, rect });
            }
            let text_y = y + (height - font::line_height(font, size)) / 2.0;
            font::draw(pixmap, font, size, x + pad, text_y, label, color);
            x += width + gap;
        }
        buttons
    }

    fn draw_secondary(&self, pixmap: &mut Pixmap, now: Duration) {
        let (w, h) = (pixmap.width() as f32, pixmap.height() as f32);
        let scale = (w / 820.0).min(h / 700.0).clamp(0.6, 1.6);
        let text = match self.model.phase() {
            Phase::Break => clock(self.model.left(now)),
            Phase::Finished => self.text(&Message::BreakDoneTitle),
        };
        let (font, size) = (&self.fonts.bold, 56.0 * scale);
        let y = (h - font::line_height(font, size)) / 2.0;
        font::draw(pixmap, font, size, (w - font::width(font, size, &text)) / 2.0, y, &text, rgb(QUIET));
    }

    fn key(&mut self, key: Key, pressed: bool, now: Duration) -> Flow {
        let step = match (key, pressed) {
            (Key::Enter, true) => self.model.choose(Answer::Done, now),
            (Key::S, true) => self.model.choose(Answer::Snooze, now),
            (Key::Escape, true) => self.model.escape_pressed(now),
            (Key::Escape, false) => {
                self.model.escape_released(now);
                Step::Stay
            }
            (Key::Enter | Key::S, false) => self.model.input(now),
        };
        self.apply(step)
    }
}

const BUTTON_HEIGHT: f32 = 46.0;

impl<S: Surroundings> App for Screen<S> {
    fn draw(&mut self, output: usize, width: u32, height: u32, primary: bool) -> Pixmap {
        let now = self.around.now();
        let (width, height) = (width.max(1), height.max(1));
        let phase = self.model.phase();
        let look = Look {
            width,
            height,
            primary,
            phase,
            hands_on: self.model.hands_on(now),
            countdown: clock(self.model.left(now)),
        };
        if self.frames.len() <= output {
            self.frames.resize_with(output + 1, || None);
        }
        if self.frames[output].as_ref().is_none_or(|frame| frame.look != look) {
            let mut pixmap = Pixmap::new(width, height).expect("a non-empty size");
            pixmap.fill(rgb(BACKGROUND));
            let figure = if primary {
                self.primary = output;
                self.draw_primary(&mut pixmap, now)
            } else {
                self.draw_secondary(&mut pixmap, now);
                None
            };
            self.frames[output] = Some(Frame { look, pixmap, figure });
        }
        let frame = self.frames[output].as_ref().expect("drawn above");
        let mut pixmap = frame.pixmap.clone();
        let card_figure = self.content.card.as_ref().and_then(|card| card.figure.as_ref());
        if let (Some((x, y, scale)), Some(figure), Phase::Break) = (frame.figure, card_figure, phase) {
            draw_svg(&mut pixmap, &figure::pose_svg(figure, self.swing(now)), x, y, scale);
        }
        pixmap
    }

    fn event(&mut self, event: UiEvent) -> Flow {
        let now = self.around.now();
        match event {
            UiEvent::Key { key, pressed } => self.key(key, pressed, now),
            UiEvent::Click { output, x, y, pressed } => {
                let hit = (output == self.primary && pressed)
                    .then(|| self.buttons.iter().find(|b| contains(b.rect, x as f32, y as f32)))
                    .flatten()
                    .map(|b| b.answer);
                let step = match hit {
                    Some(answer) => self.model.choose(answer, now),
                    None => self.model.input(now),
                };
                self.apply(step)
            }
            UiEvent::Input => {
                let step = self.model.input(now);
                self.apply(step)
            }
            UiEvent::Closed => Flow::Exit,
        }
    }

    fn next_tick(&self) -> Option<Duration> {
        // "Break done" stays still until the next touch.
        (self.model.phase() == Phase::Break).then_some(FRAME)
    }

    fn tick(&mut self) -> Flow {
        let step = self.model.tick(self.around.now());
        self.apply(step)
    }
}

/// One block of the primary output's column.
enum Item<'f> {
    Gap(f32),
    Text {
        font: &'f FontArc,
        size: f32,
        color: Color,
        lines: Vec<String>,
        centred: bool,
    },
    /// Room for the figure, drawn over the frame each time.
    Picture {
        height: f32,
    },
    Buttons(Vec<(Answer, String)>),
}

impl<'f> Item<'f> {
    fn centred(font: &'f FontArc, size: f32, color: Color, text: String) -> Item<'f> {
        Item::Text { font, size, color, lines: vec![text], centred: true }
    }

    fn height(&self, _fonts: &Fonts, scale: f32) -> f32 {
        match self {
            Item::Gap(gap) => *gap,
            Item::Text { font, size, lines, .. } => font::line_height(font, *size) * lines.len() as f32,
            Item::Picture { height, .. } => *height,
            Item::Buttons(_) => BUTTON_HEIGHT * scale,
        }
    }
}

/// "4:32", or "0:05": minutes and seconds, rounded up so it reads 0:00 only at the end.
fn clock(left: Duration) -> String {
    let seconds = left.as_millis().div_ceil(1000);
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

fn contains(rect: Rect, x: f32, y: f32) -> bool {
    (rect.left()..rect.right()).contains(&x) && (rect.top()..rect.bottom()).contains(&y)
}

fn fill_rect(pixmap: &mut Pixmap, rect: Rect, color: Color) {
    let mut paint = Paint::default();
    paint.set_color(color);
    pixmap.fill_rect(rect, &paint, Transform::identity(), None);
}

/// Rasterises an SVG into the pixmap at `x`, `y`, scaled.
fn draw_svg(pixmap: &mut Pixmap, svg: &str, x: f32, y: f32, scale: f32) {
    match usvg::Tree::from_str(svg, &usvg::Options::default()) {
        Ok(tree) => {
            let transform = Transform::from_row(scale, 0.0, 0.0, scale, x, y);
            resvg::render(&tree, transform, &mut pixmap.as_mut());
        }
        Err(e) => tracing::warn!("cannot draw the card's picture: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use super::*;
    use crate::core::tips::Catalogue;

    /// A hand-set clock and a record of what the screen told the daemon.
    #[derive(Clone, Default)]
    struct Fake {
        now: Rc<RefCell<Duration>>,
        answers: Rc<RefCell<Vec<Answer>>>,
        sounds: Rc<RefCell<u32>>,
    }

    impl Surroundings for Fake {
        fn now(&self) -> Duration {
            *self.now.borrow()
        }
        fn answer(&mut self, answer: Answer) {
            self.answers.borrow_mut().push(answer);
        }
        fn finished(&mut self) {
            *self.sounds.borrow_mut() += 1;
        }
    }

    fn screen(strict: bool, fake: &Fake) -> Option<Screen<Fake>> {
        let fonts = match Fonts::load() {
            Ok(fonts) => fonts,
            Err(e) if std::env::var_os("POSTURE_REQUIRE_DESKTOP_TESTS").is_none() => {
                eprintln!("skipping: {e}");
                return None;
            }
            Err(e) => panic!("{e}"),
        };
        let catalogue = Catalogue::builtin();
        let card = catalogue.tips().iter().find(|c| c.fits(Kind::Rest) && c.figure.is_some()).unwrap();
        let card = CardText {
            title: card.title.en.clone(),
            steps: card.steps.iter().map(|s| s.en.clone()).collect(),
            figure: card.figure,
            source: Some("A document".into()),
        };
        let content = Content { kind: Kind::Rest, lang: Lang::En, snooze: Duration::from_secs(600), card: Some(card) };
        let rules = Rules { length: Duration::from_secs(60), strict, snoozes_left: strict.then_some(0) };
        Some(Screen::new(content, rules, fonts, fake.clone()))
    }

    fn ink(pixmap: &Pixmap) -> usize {
        let bg = rgb(BACKGROUND).to_color_u8();
        pixmap.pixels().iter().filter(|p| p.red() != bg.red() || p.blue() != bg.blue()).count()
    }

    #[test]
    fn the_primary_output_shows_the_card_and_buttons_that_answer() {
        let fake = Fake::default();
        let Some(mut screen) = screen(false, &fake) else { return };
        let pixmap = screen.draw(0, 800, 700, true);
        assert!(ink(&pixmap) > 20_000, "only {} drawn pixels", ink(&pixmap));
        assert_eq!(screen.buttons.len(), 3);
        let skip = screen.buttons[2].rect;
        let click = UiEvent::Click { output: 0, x: skip.x() as f64 + 5.0, y: skip.y() as f64 + 5.0, pressed: true };
        assert_eq!(screen.event(click), Flow::Exit);
        assert_eq!(*fake.answers.borrow(), [Answer::Skip]);
    }

    #[test]
    fn the_figure_moves() {
        let fake = Fake::default();
        let Some(mut screen) = screen(false, &fake) else { return };
        let first = screen.draw(0, 800, 700, true);
        *fake.now.borrow_mut() = Duration::from_secs(2);
        let later = screen.draw(0, 800, 700, true);
        assert_ne!(first.data(), later.data());
    }

    #[test]
    fn the_countdown_ends_with_done_and_the_sound() {
        let fake = Fake::default();
        let Some(mut screen) = screen(true, &fake) else { return };
        assert_eq!(screen.buttons.len(), 0);
        screen.draw(0, 800, 700, true);
        assert_eq!(screen.buttons.len(), 1, "strict with no snoozes left: Done only");
        *fake.now.borrow_mut() = Duration::from_secs(61);
        assert_eq!(screen.tick(), Flow::Redraw);
        assert_eq!((fake.answers.borrow().clone(), *fake.sounds.borrow()), (vec![Answer::Done], 1));
        assert_eq!(screen.next_tick(), None);
        assert!(ink(&screen.draw(1, 640, 480, false)) > 100, "the other output says Break done");
        assert_eq!(screen.event(UiEvent::Input), Flow::Exit);
    }
}
