//! Charts drawn on the server as SVG text: a line chart (the whale curve), a scatter of dots
//! with threshold lines and quadrant labels (the value matrix), and a waterfall of bars (a
//! customer's margin). Every text that goes into a chart, names above all, is escaped here, so
//! a page may insert the result as it is. Each chart is an image with a title and a summary for
//! screen readers (`role="img"`, `aria-labelledby`), labelled axes, and a `<title>` on every
//! point, dot and bar, which browsers show on hover. Shapes and dash patterns, not colour alone,
//! tell the series apart.

use std::fmt::Write;

/// Escapes a text for SVG (XML) content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A number as SVG coordinates want it: at most one decimal, never `NaN`.
fn n(v: f64) -> String {
    if v.is_finite() {
        let r = (v * 10.0).round() / 10.0;
        if r.fract() == 0.0 {
            format!("{r:.0}")
        } else {
            format!("{r:.1}")
        }
    } else {
        "0".to_owned()
    }
}

/// An axis: its label and the ticks to mark (value, text).
#[derive(Debug, Clone, Default)]
pub struct Axis {
    pub label: String,
    pub min: f64,
    pub max: f64,
    pub ticks: Vec<(f64, String)>,
}

impl Axis {
    /// Where `v` falls between `from` (at `min`) and `to` (at `max`).
    fn place(&self, v: f64, from: f64, to: f64) -> f64 {
        let span = self.max - self.min;
        if span.abs() < f64::EPSILON {
            return from;
        }
        from + (v.clamp(self.min, self.max) - self.min) / span * (to - from)
    }
}

/// Ticks from `min` to `max` at a round step, at most about `count` of them, each labelled by
/// `label`.
pub fn ticks(
    min: f64,
    max: f64,
    count: usize,
    label: impl Fn(f64) -> String,
) -> Vec<(f64, String)> {
    let step = nice_step((max - min) / count.max(1) as f64);
    let mut out = Vec::new();
    let mut v = (min / step).ceil() * step;
    while v <= max + step * 1e-9 && out.len() < 50 {
        // Avoid "-0".
        let value = if v.abs() < step * 1e-9 { 0.0 } else { v };
        out.push((value, label(value)));
        v += step;
    }
    out
}

/// A round step (1, 2, 2.5 or 5 times a power of ten) at least `raw`.
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * power >= raw * (1.0 - 1e-9) {
            return m * power;
        }
    }
    10.0 * power
}

/// The drawing area inside a chart's margins.
struct Frame {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

impl Frame {
    /// A frame whose left margin fits the y axis's tick labels and its label.
    fn standard(width: f64, height: f64, y: &Axis) -> Self {
        // About 6.5 units a character at the charts' font size.
        let widest = y
            .ticks
            .iter()
            .map(|(_, t)| t.chars().count())
            .max()
            .unwrap_or(0);
        Self {
            width,
            height,
            left: (34.0 + 6.5 * widest as f64).max(56.0),
            right: width - 16.0,
            top: 16.0,
            bottom: height - 48.0,
        }
    }

    fn x(&self, axis: &Axis, v: f64) -> f64 {
        axis.place(v, self.left, self.right)
    }

    fn y(&self, axis: &Axis, v: f64) -> f64 {
        axis.place(v, self.bottom, self.top)
    }
}

/// Opens an SVG image with its title and summary.
fn open(out: &mut String, id: &str, frame: &Frame, title: &str, summary: &str) {
    let id = escape(id);
    let _ = write!(
        out,
        r#"<svg class="chart" id="{id}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{title}</title><desc id="{id}-desc">{summary}</desc>"#,
        w = n(frame.width),
        h = n(frame.height),
        title = escape(title),
        summary = escape(summary),
    );
}

/// Draws the axes, their ticks and grid lines, and their labels.
fn axes(out: &mut String, f: &Frame, x: &Axis, y: &Axis) {
    out.push_str(r#"<g class="grid" aria-hidden="true">"#);
    for (v, _) in &y.ticks {
        let py = f.y(y, *v);
        let _ = write!(
            out,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
            n(f.left),
            n(py),
            n(f.right),
            n(py)
        );
    }
    out.push_str("</g>");
    out.push_str(r#"<g class="axis" aria-hidden="true">"#);
    let _ = write!(
        out,
        r#"<line x1="{l}" y1="{b}" x2="{r}" y2="{b}"/><line x1="{l}" y1="{t}" x2="{l}" y2="{b}"/>"#,
        l = n(f.left),
        r = n(f.right),
        t = n(f.top),
        b = n(f.bottom)
    );
    for (v, label) in &x.ticks {
        let px = f.x(x, *v);
        let _ = write!(
            out,
            r#"<line x1="{px}" y1="{b}" x2="{px}" y2="{b5}"/><text x="{px}" y="{ty}" text-anchor="middle">{label}</text>"#,
            px = n(px),
            b = n(f.bottom),
            b5 = n(f.bottom + 5.0),
            ty = n(f.bottom + 18.0),
            label = escape(label)
        );
    }
    for (v, label) in &y.ticks {
        let py = f.y(y, *v);
        let _ = write!(
            out,
            r#"<text x="{tx}" y="{ty}" text-anchor="end">{label}</text>"#,
            tx = n(f.left - 6.0),
            ty = n(py + 4.0),
            label = escape(label)
        );
    }
    let _ = write!(
        out,
        r#"<text class="axis-label" x="{x}" y="{y}" text-anchor="middle">{label}</text>"#,
        x = n(f.left.midpoint(f.right)),
        y = n(f.height - 8.0),
        label = escape(&x.label)
    );
    let mid = f.top.midpoint(f.bottom);
    let _ = write!(
        out,
        r#"<text class="axis-label" x="14" y="{y}" text-anchor="middle" transform="rotate(-90 14 {y})">{label}</text>"#,
        y = n(mid),
        label = escape(&y.label)
    );
    out.push_str("</g>");
}

/// A point of a line, with the text shown on hover.
#[derive(Debug, Clone)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    pub title: String,
}

/// A line chart with an optional horizontal reference line.
#[derive(Debug, Clone)]
pub struct LineChart {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub x: Axis,
    pub y: Axis,
    pub points: Vec<Point>,
    /// A horizontal line at this value, with its label.
    pub reference: Option<(f64, String)>,
    /// How many points at most carry a hover mark; the line itself goes through all of them.
    pub marked: usize,
}

pub fn line_chart(c: &LineChart) -> String {
    let f = Frame::standard(640.0, 320.0, &c.y);
    let mut out = String::new();
    open(&mut out, &c.id, &f, &c.title, &c.summary);
    axes(&mut out, &f, &c.x, &c.y);
    if let Some((v, label)) = &c.reference {
        let py = f.y(&c.y, *v);
        let _ = write!(
            out,
            r#"<g class="reference"><line x1="{l}" y1="{py}" x2="{r}" y2="{py}"/><text x="{tx}" y="{ty}">{label}</text></g>"#,
            l = n(f.left),
            r = n(f.right),
            py = n(py),
            tx = n(f.left + 8.0),
            ty = n(py - 5.0),
            label = escape(label)
        );
    }
    if !c.points.is_empty() {
        let path: Vec<String> = c
            .points
            .iter()
            .map(|p| format!("{},{}", n(f.x(&c.x, p.x)), n(f.y(&c.y, p.y))))
            .collect();
        let _ = write!(
            out,
            r#"<polyline class="line" points="{}"/>"#,
            path.join(" ")
        );
        // Hover marks: every point when there are few, otherwise evenly spaced ones and the last.
        let every = c.points.len().div_ceil(c.marked.max(1)).max(1);
        out.push_str(r#"<g class="points">"#);
        for (i, p) in c.points.iter().enumerate() {
            if i % every != 0 && i + 1 != c.points.len() {
                continue;
            }
            let _ = write!(
                out,
                r#"<circle cx="{}" cy="{}" r="5"><title>{}</title></circle>"#,
                n(f.x(&c.x, p.x)),
                n(f.y(&c.y, p.y)),
                escape(&p.title)
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// The shape of a dot, so that groups differ without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Triangle,
    Square,
    Ring,
}

impl Shape {
    fn draw(self, out: &mut String, x: f64, y: f64, class: &str, title: &str) {
        let title = escape(title);
        let class = escape(class);
        let _ = match self {
            Self::Circle => write!(
                out,
                r#"<circle class="{class}" cx="{}" cy="{}" r="4.5"><title>{title}</title></circle>"#,
                n(x),
                n(y)
            ),
            Self::Ring => write!(
                out,
                r#"<circle class="{class} ring" cx="{}" cy="{}" r="4.5"><title>{title}</title></circle>"#,
                n(x),
                n(y)
            ),
            Self::Square => write!(
                out,
                r#"<rect class="{class}" x="{}" y="{}" width="8" height="8"><title>{title}</title></rect>"#,
                n(x - 4.0),
                n(y - 4.0)
            ),
            Self::Triangle => write!(
                out,
                r#"<polygon class="{class}" points="{},{} {},{} {},{}"><title>{title}</title></polygon>"#,
                n(x),
                n(y - 5.5),
                n(x - 5.0),
                n(y + 4.0),
                n(x + 5.0),
                n(y + 4.0)
            ),
        };
    }
}

/// One dot of a scatter.
#[derive(Debug, Clone)]
pub struct Dot {
    pub x: f64,
    pub y: f64,
    pub title: String,
    /// A link the dot opens (an address inside Arvo).
    pub href: Option<String>,
    pub shape: Shape,
    /// A CSS class for its colour.
    pub class: &'static str,
}

/// A label placed in a corner of the plot: (right half?, top half?, text).
#[derive(Debug, Clone)]
pub struct QuadrantLabel {
    pub right: bool,
    pub top: bool,
    pub text: String,
}

/// A scatter of dots with threshold lines across each axis.
#[derive(Debug, Clone)]
pub struct Scatter {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub x: Axis,
    pub y: Axis,
    pub dots: Vec<Dot>,
    pub x_threshold: Option<f64>,
    pub y_threshold: Option<f64>,
    pub quadrants: Vec<QuadrantLabel>,
}

pub fn scatter(c: &Scatter) -> String {
    let f = Frame::standard(640.0, 400.0, &c.y);
    let mut out = String::new();
    open(&mut out, &c.id, &f, &c.title, &c.summary);
    axes(&mut out, &f, &c.x, &c.y);
    let (tx, ty) = (
        c.x_threshold.map(|v| f.x(&c.x, v)),
        c.y_threshold.map(|v| f.y(&c.y, v)),
    );
    out.push_str(r#"<g class="threshold" aria-hidden="true">"#);
    if let Some(px) = tx {
        let _ = write!(
            out,
            r#"<line x1="{px}" y1="{t}" x2="{px}" y2="{b}"/>"#,
            px = n(px),
            t = n(f.top),
            b = n(f.bottom)
        );
    }
    if let Some(py) = ty {
        let _ = write!(
            out,
            r#"<line x1="{l}" y1="{py}" x2="{r}" y2="{py}"/>"#,
            l = n(f.left),
            r = n(f.right),
            py = n(py)
        );
    }
    out.push_str("</g>");
    out.push_str(r#"<g class="quadrant" aria-hidden="true">"#);
    let split_x = tx.unwrap_or(f.left.midpoint(f.right));
    let split_y = ty.unwrap_or(f.top.midpoint(f.bottom));
    for q in &c.quadrants {
        let (x, anchor) = if q.right {
            (f.right - 6.0, "end")
        } else {
            (f.left + 6.0, "start")
        };
        let y = if q.top { f.top + 16.0 } else { f.bottom - 8.0 };
        // Keep a label inside its quadrant when the threshold lies close to an edge.
        let fits = if q.right {
            split_x < f.right - 40.0
        } else {
            split_x > f.left + 40.0
        } && if q.top {
            split_y > f.top + 20.0
        } else {
            split_y < f.bottom - 14.0
        };
        if fits {
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" text-anchor="{anchor}">{}</text>"#,
                n(x),
                n(y),
                escape(&q.text)
            );
        }
    }
    out.push_str("</g>");
    out.push_str(r#"<g class="dots">"#);
    for d in &c.dots {
        let (x, y) = (f.x(&c.x, d.x), f.y(&c.y, d.y));
        if let Some(href) = &d.href {
            let _ = write!(out, r#"<a href="{}">"#, escape(href));
            d.shape.draw(&mut out, x, y, d.class, &d.title);
            out.push_str("</a>");
        } else {
            d.shape.draw(&mut out, x, y, d.class, &d.title);
        }
    }
    out.push_str("</g></svg>");
    out
}

/// One bar of a waterfall: a total drawn from zero, or a step from the running total.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub cents: i64,
    /// A total (drawn from zero to `cents`) rather than a change of the running total.
    pub total: bool,
    pub title: String,
}

/// A waterfall chart of money: totals from zero and the steps between them.
#[derive(Debug, Clone)]
pub struct Waterfall {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub y_label: String,
    pub bars: Vec<Bar>,
    /// Labels the money ticks (in cents).
    pub tick_label: fn(i64) -> String,
}

pub fn waterfall(c: &Waterfall) -> String {
    // Each bar's span, from the running total before it to after it.
    let mut running = 0i64;
    let mut spans = Vec::with_capacity(c.bars.len());
    for b in &c.bars {
        let (from, to) = if b.total {
            (0, b.cents)
        } else {
            (running, running + b.cents)
        };
        running = to;
        spans.push((from, to));
    }
    let lowest = spans
        .iter()
        .map(|(a, b)| (*a).min(*b))
        .min()
        .unwrap_or(0)
        .min(0);
    let highest = spans
        .iter()
        .map(|(a, b)| (*a).max(*b))
        .max()
        .unwrap_or(0)
        .max(0);
    // A little room beyond the tallest bars; an axis needs a span even when every figure is
    // zero.
    let room = ((highest - lowest) as f64 * 0.05).max(100.0);
    let lo = if lowest < 0 {
        lowest as f64 - room
    } else {
        0.0
    };
    let hi = if highest > 0 {
        highest as f64 + room
    } else {
        lo.max(0.0) + room
    };
    let label = c.tick_label;
    let y = Axis {
        label: c.y_label.clone(),
        min: lo,
        max: hi,
        ticks: ticks(lo, hi, 5, |v| label(v.round() as i64)),
    };
    let x = Axis::default();
    let f = Frame::standard(640.0, 300.0, &y);
    let mut out = String::new();
    open(&mut out, &c.id, &f, &c.title, &c.summary);
    axes(&mut out, &f, &x, &y);
    let zero = f.y(&y, 0.0);
    let _ = write!(
        out,
        r#"<line class="zero" x1="{}" y1="{z}" x2="{}" y2="{z}" aria-hidden="true"/>"#,
        n(f.left),
        n(f.right),
        z = n(zero)
    );
    let slot = (f.right - f.left) / c.bars.len().max(1) as f64;
    for (i, (b, (from, to))) in c.bars.iter().zip(&spans).enumerate() {
        let (a, z) = (f.y(&y, *from as f64), f.y(&y, *to as f64));
        let top = a.min(z);
        let height = (a - z).abs().max(1.0);
        let class = match (b.total, b.cents < 0) {
            (true, false) => "bar total",
            (true, true) => "bar total negative",
            (false, false) => "bar up",
            (false, true) => "bar down",
        };
        let bx = f.left + slot * i as f64 + slot * 0.15;
        let _ = write!(
            out,
            r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect><text class="bar-label" x="{}" y="{}" text-anchor="middle">{}</text>"#,
            n(bx),
            n(top),
            n(slot * 0.7),
            n(height),
            escape(&b.title),
            n(bx + slot * 0.35),
            n(f.bottom + 18.0),
            escape(&b.label)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_escaped() {
        let hostile = "<script>alert('x')</script>&\"";
        let chart = scatter(&Scatter {
            id: "m\"x".into(),
            title: hostile.into(),
            summary: hostile.into(),
            x: Axis {
                label: hostile.into(),
                min: 0.0,
                max: 1.0,
                ticks: vec![(0.5, hostile.into())],
            },
            y: Axis {
                label: hostile.into(),
                min: 0.0,
                max: 1.0,
                ticks: vec![(0.5, hostile.into())],
            },
            dots: vec![Dot {
                x: 0.5,
                y: 0.5,
                title: hostile.into(),
                href: Some("/accounts/1\"><script>".into()),
                shape: Shape::Triangle,
                class: "grow",
            }],
            x_threshold: Some(0.5),
            y_threshold: Some(0.5),
            quadrants: vec![QuadrantLabel {
                right: false,
                top: true,
                text: hostile.into(),
            }],
        });
        assert!(!chart.contains("<script"), "{chart}");
        assert!(!chart.contains("'x'"));
        assert!(chart.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"));
        assert!(chart.starts_with("<svg class=\"chart\" id=\"m&quot;x\""));
        assert!(chart.contains(r#"role="img""#));
        assert!(chart.ends_with("</svg>"));
    }

    #[test]
    fn a_line_goes_through_every_point_and_marks_some() {
        let points: Vec<Point> = (0..=100)
            .map(|i| Point {
                x: f64::from(i) / 100.0,
                y: f64::from(i) / 50.0,
                title: format!("p{i}"),
            })
            .collect();
        let chart = line_chart(&LineChart {
            id: "whale".into(),
            title: "Whale".into(),
            summary: "s".into(),
            x: Axis {
                label: "Customers".into(),
                min: 0.0,
                max: 1.0,
                ticks: ticks(0.0, 1.0, 5, |v| format!("{}", v * 100.0)),
            },
            y: Axis {
                label: "Profit".into(),
                min: 0.0,
                max: 2.0,
                ticks: ticks(0.0, 2.0, 4, |v| format!("{v}")),
            },
            points,
            reference: Some((1.0, "100 %".into())),
            marked: 20,
        });
        let line = chart
            .split("points=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert_eq!(line.split(' ').count(), 101);
        let marks = chart.matches("<circle").count();
        assert!((15..=21).contains(&marks), "{marks}");
        assert!(
            chart.contains("<title>p100</title>"),
            "the last point is marked"
        );
        assert!(chart.contains(">Customers</text>") && chart.contains(">Profit</text>"));
        assert!(chart.contains("class=\"reference\""));
    }

    #[test]
    fn ticks_fall_on_round_steps() {
        let labels = |t: Vec<(f64, String)>| t.into_iter().map(|(_, l)| l).collect::<Vec<_>>();
        assert_eq!(
            labels(ticks(0.0, 1.8, 4, |v| format!("{v}"))),
            ["0", "0.5", "1", "1.5"]
        );
        assert_eq!(
            labels(ticks(-120.0, 80.0, 4, |v| format!("{v}"))),
            ["-100", "-50", "0", "50"]
        );
        assert!((nice_step(0.0) - 1.0).abs() < 1e-9);
        assert!((nice_step(230.0) - 250.0).abs() < 1e-9);
    }

    #[test]
    fn a_waterfall_steps_from_total_to_total() {
        let bar = |label: &str, cents, total| Bar {
            label: label.into(),
            cents,
            total,
            title: format!("{label} {cents}"),
        };
        let chart = waterfall(&Waterfall {
            id: "w".into(),
            title: "Margin".into(),
            summary: "s".into(),
            y_label: "€".into(),
            bars: vec![
                bar("Revenue", 1000, true),
                bar("Costs", -600, false),
                bar("Margin", 400, true),
                bar("Service", -700, false),
                bar("Customer margin", -300, true),
            ],
            tick_label: |c| c.to_string(),
        });
        assert_eq!(chart.matches("<rect").count(), 5);
        assert!(chart.contains("bar total negative"));
        assert!(chart.contains("<title>Service -700</title>"));
    }
}
