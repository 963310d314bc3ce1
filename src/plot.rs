//! One house style for every figure of the chapter: an embedded font, one size,
//! one palette, one way to title, label and save.
//!
//! Every figure is drawn in memory and written as a PNG through [`save_png`], which
//! writes a temporary file in the target folder and renames it into place, so a
//! failed write never leaves half a PNG behind. The font is DejaVu Sans from the
//! `dejavu` crate, registered with plotters' `ab_glyph` backend (plotters has no
//! `ttf` feature here), so no system font is needed and the same code gives the
//! same bytes on every machine of one kind.
//!
//! Sections do not call [`save_png`] themselves: they call
//! `sections::Ctx::figure`, which saves
//! `<figure_dir>/<name>.png` only when figures were asked for.
//!
//! # The API
//!
//! | item | what it is for |
//! | --- | --- |
//! | [`SIZE`], [`Area`], [`DrawResult`] | a figure is `SIZE` pixels (800 wide, the book's column); a drawing closure gets `&Area` and returns `DrawResult` |
//! | [`SCALE`], [`CANVAS`], [`px`], [`downsample`] | anti-aliasing: plotters draws on a canvas `SCALE` times larger, every length goes through `px`, and the canvas is box-filtered down |
//! | [`save_png`], [`save_png_sized`] | render a closure to a PNG atomically (temp file + rename); the sized one for a figure taller or shorter than `SIZE` |
//! | [`PALETTE`], [`color`] | the series colours, in order |
//! | [`FONT`], [`title_style`], [`label_style`], [`tick_style`], [`legend_style`] | text styles |
//! | [`Plot`], [`Series`], [`Mark`] | a 2-D chart: title, axis labels, ranges, linear or log axes ([`Plot::log_x`], [`Plot::log_y`]), equal scales ([`Plot::equal_aspect`]), legend position; named series (lines, dashed lines, points) |
//! | [`line_chart`] | draw a [`Plot`] with its series; a legend appears when two or more series are named |
//! | [`line_chart_with`], [`Chart2d`] | the same on linear axes, with a closure that draws extras on the chart (tangents, circles, arrows) |
//! | [`clip_segment`], [`clip_polyline`], [`Window`] | cut lines at a chart's edges (every line series is drawn clipped: plotters would clamp outside points to the edge and bend the line) |
//! | [`arrow`] | an arrow from one data point to another, head sized in pixels |
//! | [`builder`], [`mesh`] | the house-styled `ChartBuilder` and mesh for any chart you build yourself |
//! | [`surface`], [`Surface`] | a 3-D surface z = f(x, y) |
//! | [`image_grid`], [`GrayImage`] | a grid of grayscale images (e.g. 28x28 MNIST digits), each with a caption |
//! | [`panels`] | split a figure into side-by-side or stacked panels |
//! | [`tick`] | the tick label format: short decimals, powers of ten as 1e-3 |
//!
//! A figure in full. In a section the same closure goes to
//! `ctx.figure("4.2.2-log", |area| ...)`, which picks the path and prints it.
//!
//! ```
//! use dlfs::plot::{self, Plot, Series};
//!
//! let path = std::env::temp_dir().join(format!("dlfs-doc-{}.png", std::process::id()));
//! plot::save_png(&path, |area| {
//!     let pts = (1..=100).map(|i| (i as f64 / 100.0, (i as f64 / 100.0).ln())).collect();
//!     plot::line_chart(
//!         area,
//!         &Plot::new("y = log x", "x", "y", 0.0..1.0, -5.0..0.5),
//!         &[Series::line("log x", pts)],
//!     )
//! })?;
//! assert_eq!(&std::fs::read(&path)?[1..4], b"PNG");
//! std::fs::remove_file(&path)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::ops::Range;
use std::path::Path;
use std::sync::Once;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::FontStyle;

use crate::error::{Error, Result};

/// Re-exported so figure code needs no plotters imports for the common cases.
pub use plotters::prelude::SeriesLabelPosition;
pub use plotters::style::{BLACK, RGBColor, WHITE};

/// Every figure's size in pixels: width, height. 800 pixels is the book's
/// content column, so a figure is shown at its own size and its tick labels
/// (16 px) are as large as the body text.
pub const SIZE: (u32, u32) = (800, 600);

/// Figures are drawn `SCALE` times larger than [`SIZE`] and shrunk by averaging
/// each `SCALE` x `SCALE` block of pixels (see [`downsample`]): plotters' bitmap
/// backend draws lines and text without anti-aliasing, and the averaging gives
/// smooth edges. Integer arithmetic only, so the bytes stay the same run to run.
pub const SCALE: u32 = 3;

/// The canvas plotters draws on: [`SIZE`] times [`SCALE`].
pub const CANVAS: (u32, u32) = (SIZE.0 * SCALE, SIZE.1 * SCALE);

/// `v` figure pixels in canvas pixels: every length a drawing gives plotters
/// (font sizes, margins, line widths, radii) goes through this.
pub const fn px(v: u32) -> u32 {
    v * SCALE
}

/// [`px`] for signed offsets.
pub const fn pxi(v: i32) -> i32 {
    v * SCALE as i32
}

/// The drawing area a figure closure draws on (the whole figure).
pub type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

/// What a drawing closure returns: plotters' errors, boxed.
pub type DrawResult<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// A 2-D chart with linear axes, as [`line_chart_with`] hands it to its closure.
pub type Chart2d<'a, 'b> =
    ChartContext<'a, BitMapBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The font family every text uses; DejaVu Sans is registered under this name.
pub const FONT: &str = "sans-serif";

/// The series colours, in order: blue, orange, green, red, purple, brown, grey
/// (the Tableau colours matplotlib uses, so the figures look like the book's).
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(127, 127, 127),
];

/// The i-th palette colour (it wraps around).
pub fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Registers DejaVu Sans with plotters once per process.
fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bytes are DejaVu's own TTF files, so parsing cannot fail.
        plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular())
            .map_err(|_| ())
            .expect("DejaVu Sans parses");
        plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold())
            .map_err(|_| ())
            .expect("DejaVu Sans Bold parses");
    });
}

/// The figure title's style.
pub fn title_style() -> TextStyle<'static> {
    (FONT, px(26)).into_font().color(&BLACK)
}

/// The axis labels' style.
pub fn label_style() -> TextStyle<'static> {
    (FONT, px(20)).into_font().color(&BLACK)
}

/// The tick labels' style.
pub fn tick_style() -> TextStyle<'static> {
    (FONT, px(16)).into_font().color(&BLACK)
}

/// The legend's style.
pub fn legend_style() -> TextStyle<'static> {
    (FONT, px(17)).into_font().color(&BLACK)
}

/// A tick label: integers without decimals, short decimals as they are, very
/// large or very small numbers (and exact powers of ten below 0.01) as `1e-3`.
pub fn tick(v: f64) -> String {
    if v == 0.0 {
        return "0".to_string();
    }
    let a = v.abs();
    if !(1e-2..1e5).contains(&a) {
        let e = a.log10().round();
        let mantissa = v / 10f64.powf(e);
        if (mantissa.abs() - 1.0).abs() < 1e-9 {
            let sign = if v < 0.0 { "-" } else { "" };
            return format!("{sign}1e{}", e as i64);
        }
        return format!("{v:.1e}");
    }
    // At most 4 decimals, trailing zeros removed.
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// Renders `draw` on a white `SIZE` canvas and writes it to `path` as a PNG:
/// first to a temporary file in the same folder, then renamed into place, so
/// `path` is either the old file or the whole new one, never half of one. The
/// folder must exist. The bytes depend only on the drawing: no timestamps.
pub fn save_png(path: &Path, draw: impl FnOnce(&Area) -> DrawResult) -> Result<()> {
    save_png_sized(path, SIZE, draw)
}

/// [`save_png`] for a figure of another size (`size` in figure pixels, drawn on
/// a canvas [`SCALE`] times larger): 800 wide like every figure, and only as
/// tall as its content needs (an image grid, two stacked panels).
pub fn save_png_sized(
    path: &Path,
    size: (u32, u32),
    draw: impl FnOnce(&Area) -> DrawResult,
) -> Result<()> {
    register_fonts();
    let canvas = (px(size.0), px(size.1));
    let mut buf = vec![0u8; (canvas.0 * canvas.1 * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buf, canvas).into_drawing_area();
        let drawn = root
            .fill(&WHITE)
            .map_err(Into::into)
            .and_then(|()| draw(&root))
            .and_then(|()| root.present().map_err(Into::into));
        drawn.map_err(|e| Error::Invalid(format!("cannot draw '{}': {e}", path.display())))?;
    }
    crate::common::io::write_atomic(path, &encode_png(&downsample(&buf, size), size)?)
}

/// Shrinks an RGB canvas of `size` times [`SCALE`] pixels to `size`: each
/// output pixel is the rounded mean of its `SCALE` x `SCALE` block (a box
/// filter), which anti-aliases every edge plotters drew.
pub fn downsample(canvas: &[u8], size: (u32, u32)) -> Vec<u8> {
    let (w, h) = (size.0 as usize, size.1 as usize);
    let (s, cw) = (SCALE as usize, px(size.0) as usize);
    let n = (s * s) as u32;
    let mut out = vec![0u8; w * h * 3];
    for y in 0..h {
        for x in 0..w {
            for ch in 0..3 {
                let mut sum = 0u32;
                for dy in 0..s {
                    let row = (y * s + dy) * cw;
                    for dx in 0..s {
                        sum += canvas[(row + x * s + dx) * 3 + ch] as u32;
                    }
                }
                out[(y * w + x) * 3 + ch] = ((sum + n / 2) / n) as u8;
            }
        }
    }
    out
}

/// Encodes an RGB buffer as an 8-bit PNG.
fn encode_png(rgb: &[u8], (w, h): (u32, u32)) -> Result<Vec<u8>> {
    let err = |e: png::EncodingError| Error::Invalid(format!("cannot encode a PNG: {e}"));
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        // Smaller files for the repository; still the same bytes every run.
        encoder.set_compression(png::Compression::Best);
        encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
        let mut writer = encoder.write_header().map_err(err)?;
        writer.write_image_data(rgb).map_err(err)?;
        writer.finish().map_err(err)?;
    }
    Ok(bytes)
}

/// How a series is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mark {
    /// A solid line through the points.
    Line,
    /// A dashed line through the points.
    Dashed,
    /// A dot at each point.
    Points,
    /// A solid line with a dot at each point.
    LinePoints,
}

/// One named series of a chart.
#[derive(Clone, Debug)]
pub struct Series {
    /// The legend entry; an empty name keeps the series out of the legend.
    pub name: String,
    pub points: Vec<(f64, f64)>,
    pub mark: Mark,
    /// `None` takes the next palette colour by the series' position.
    pub color: Option<RGBColor>,
    /// The line's width in figure pixels (3 unless [`Series::width`] says otherwise).
    pub width: u32,
}

impl Series {
    pub fn new(name: &str, points: Vec<(f64, f64)>, mark: Mark) -> Self {
        Series {
            name: name.to_string(),
            points,
            mark,
            color: None,
            width: 3,
        }
    }
    pub fn line(name: &str, points: Vec<(f64, f64)>) -> Self {
        Self::new(name, points, Mark::Line)
    }
    pub fn dashed(name: &str, points: Vec<(f64, f64)>) -> Self {
        Self::new(name, points, Mark::Dashed)
    }
    pub fn points(name: &str, points: Vec<(f64, f64)>) -> Self {
        Self::new(name, points, Mark::Points)
    }
    /// The same series in a chosen colour.
    pub fn color(mut self, c: RGBColor) -> Self {
        self.color = Some(c);
        self
    }
    /// The same series drawn with lines `w` pixels wide (1 for a thin line
    /// under a thicker one, e.g. raw values under their moving average).
    pub fn width(mut self, w: u32) -> Self {
        self.width = w.max(1);
        self
    }
}

/// A 2-D chart's frame: title, axis labels, ranges and axis scales.
#[derive(Clone, Debug)]
pub struct Plot {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub x_range: Range<f64>,
    pub y_range: Range<f64>,
    pub log_x: bool,
    pub log_y: bool,
    /// Where the legend goes (upper right by default).
    pub legend: SeriesLabelPosition,
}

impl Plot {
    pub fn new(
        title: &str,
        x_label: &str,
        y_label: &str,
        x_range: Range<f64>,
        y_range: Range<f64>,
    ) -> Self {
        Plot {
            title: title.to_string(),
            x_label: x_label.to_string(),
            y_label: y_label.to_string(),
            x_range,
            y_range,
            log_x: false,
            log_y: false,
            legend: SeriesLabelPosition::UpperRight,
        }
    }
    /// A logarithmic x axis (the range must be positive).
    pub fn log_x(mut self) -> Self {
        self.log_x = true;
        self
    }
    /// A logarithmic y axis (the range must be positive).
    pub fn log_y(mut self) -> Self {
        self.log_y = true;
        self
    }
    pub fn legend(mut self, pos: SeriesLabelPosition) -> Self {
        self.legend = pos;
        self
    }

    /// The same plot with its x range widened or narrowed about its centre so
    /// that one unit of x and one of y take the same pixels on a whole figure
    /// (circles stay round, arrows point the right way). Linear axes only.
    pub fn equal_aspect(mut self) -> Self {
        register_fonts();
        let (w, h) = CANVAS;
        let mut scratch = vec![0u8; (w * h * 3) as usize];
        let area = BitMapBackend::with_buffer(&mut scratch, CANVAS).into_drawing_area();
        let (pw, ph) = builder(&area, &self.title)
            .build_cartesian_2d(0.0..1.0, 0.0..1.0)
            .map(|c| c.plotting_area().dim_in_pixel())
            .unwrap_or(CANVAS);
        let y_span = self.y_range.end - self.y_range.start;
        let x_mid = (self.x_range.start + self.x_range.end) / 2.0;
        let half = y_span * pw as f64 / ph as f64 / 2.0;
        self.x_range = x_mid - half..x_mid + half;
        self
    }
}

/// The house `ChartBuilder` on `area`: margins, the title (empty for none), and
/// room for tick and axis labels on the left and bottom.
pub fn builder<'a, 'b>(area: &'a Area<'b>, title: &str) -> ChartBuilder<'a, 'b, BitMapBackend<'b>> {
    let mut b = ChartBuilder::on(area);
    b.margin(px(16))
        .margin_right(px(28))
        .x_label_area_size(px(56))
        .y_label_area_size(px(76));
    if !title.is_empty() {
        b.caption(title, title_style());
    }
    b
}

/// The house mesh: a light grid at the labelled ticks only (no minor lines),
/// axis labels, tick labels formatted by [`tick`].
pub fn mesh<X, Y>(
    chart: &mut ChartContext<'_, BitMapBackend<'_>, Cartesian2d<X, Y>>,
    x_label: &str,
    y_label: &str,
) -> DrawResult
where
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(228, 228, 228).stroke_width(px(1)))
        .axis_style(RGBColor(90, 90, 90).stroke_width(px(1)))
        .set_all_tick_mark_size(px(5))
        .axis_desc_style(label_style())
        .label_style(tick_style())
        .x_desc(x_label)
        .y_desc(y_label)
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| tick(*v))
        .x_labels(9)
        .y_labels(8)
        .draw()?;
    Ok(())
}

/// Draws a [`Plot`] and its series; a legend when two or more series are named.
/// Log axes come from [`Plot::log_x`] and [`Plot::log_y`].
pub fn line_chart(area: &Area, plot: &Plot, series: &[Series]) -> DrawResult {
    let (x, y) = (plot.x_range.clone(), plot.y_range.clone());
    match (plot.log_x, plot.log_y) {
        (false, false) => chart_generic(area, plot, series, x, y, |_| Ok(())),
        (true, false) => chart_generic(area, plot, series, x.log_scale(), y, |_| Ok(())),
        (false, true) => chart_generic(area, plot, series, x, y.log_scale(), |_| Ok(())),
        (true, true) => chart_generic(area, plot, series, x.log_scale(), y.log_scale(), |_| Ok(())),
    }
}

/// [`line_chart`] on linear axes, with `extra` drawing more on the chart after
/// the series and before the legend (see [`arrow`]; anything plotters draws).
/// Series `extra` labels itself join the legend.
pub fn line_chart_with(
    area: &Area,
    plot: &Plot,
    series: &[Series],
    extra: impl FnOnce(&mut Chart2d) -> DrawResult,
) -> DrawResult {
    chart_generic(
        area,
        plot,
        series,
        plot.x_range.clone(),
        plot.y_range.clone(),
        extra,
    )
}

fn chart_generic<'a, 'b: 'a, XS, YS>(
    area: &'a Area<'b>,
    plot: &Plot,
    series: &[Series],
    xs: XS,
    ys: YS,
    extra: impl FnOnce(
        &mut ChartContext<'a, BitMapBackend<'b>, Cartesian2d<XS::CoordDescType, YS::CoordDescType>>,
    ) -> DrawResult,
) -> DrawResult
where
    XS: AsRangedCoord<Value = f64>,
    YS: AsRangedCoord<Value = f64>,
    XS::CoordDescType: Ranged<ValueType = f64> + ValueFormatter<f64>,
    YS::CoordDescType: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    // Room on the right for half the last x tick label, which is centred on
    // the chart's right edge ("10000" needs more than the house margin).
    let last_tick = area.estimate_text_size(&tick(plot.x_range.end), &tick_style())?;
    let right = (last_tick.0 / 2 + px(12)).max(px(28));
    let mut chart = builder(area, &plot.title)
        .margin_right(right)
        .build_cartesian_2d(xs, ys)?;
    mesh(&mut chart, &plot.x_label, &plot.y_label)?;
    let mut named = 0;
    for (i, s) in series.iter().enumerate() {
        let c = s.color.unwrap_or_else(|| color(i));
        let line = c.stroke_width(px(s.width));
        // Lines are cut at the chart's edges and points outside are left out
        // (see clip_polyline): plotters would move them onto the edge. Thick
        // lines are also cut where they turn back (see split_sharp_turns).
        let cut = clip_to_plot(&s.points, plot);
        let cut: Vec<Vec<(f64, f64)>> = if px(s.width) > 1 {
            cut.into_iter()
                .flat_map(|p| {
                    let px: Vec<(i32, i32)> = p.iter().map(|q| chart.backend_coord(q)).collect();
                    split_sharp_turns(&px)
                        .into_iter()
                        .map(|r| p[r].to_vec())
                        .collect::<Vec<_>>()
                })
                .collect()
        } else {
            cut
        };
        let pieces = || cut.clone().into_iter();
        let dots = || {
            inside_plot(&s.points, plot)
                .into_iter()
                .map(move |p| Circle::new(p, px(4), c.filled()))
        };
        let anno = match s.mark {
            // A line through one point draws nothing (e.g. the accuracy of a
            // run shorter than an epoch): show the point.
            Mark::Line | Mark::Dashed if s.points.len() == 1 => chart.draw_series(dots())?,
            Mark::Line => chart.draw_series(pieces().map(|p| PathElement::new(p, line)))?,
            Mark::Dashed => chart
                .draw_series(pieces().map(|p| DashedPathElement::new(p, px(10), px(6), line)))?,
            Mark::Points => chart.draw_series(dots())?,
            Mark::LinePoints => {
                chart.draw_series(pieces().map(|p| PathElement::new(p, line)))?;
                chart.draw_series(dots())?
            }
        };
        if !s.name.is_empty() {
            named += 1;
            let anno = anno.label(s.name.as_str());
            // The legend's sample: a short line, a dashed line or a dot.
            let style = c.stroke_width(px(s.width.max(2)));
            match s.mark {
                Mark::Points => {
                    anno.legend(move |(x, y)| Circle::new((x + pxi(12), y), px(4), c.filled()));
                }
                Mark::Dashed => {
                    anno.legend(move |(x, y)| {
                        EmptyElement::at((x, y))
                            + PathElement::new(vec![(0, 0), (pxi(9), 0)], style)
                            + PathElement::new(vec![(pxi(15), 0), (pxi(24), 0)], style)
                    });
                }
                Mark::Line | Mark::LinePoints => {
                    anno.legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + pxi(24), y)], style)
                    });
                }
            }
        }
    }
    extra(&mut chart)?;
    if named >= 2 || (named == 1 && series.len() > 1) {
        legend(&mut chart, plot.legend.clone())?;
    }
    Ok(())
}

/// The stretches of a polyline (given in pixels) to draw as separate thick
/// paths, as index ranges: a new stretch starts wherever the line turns by more
/// than 90 degrees. plotters draws a thick path as one polygon whose corners
/// are where the offset edges of neighbouring segments meet; where a line
/// almost reverses (a noisy curve, thousands of points on a few hundred pixels)
/// the inner corner lies far away, and specks land outside the chart. Turns of
/// 90 degrees or less keep every corner within the stroke width of the line.
/// Consecutive equal pixels are one point (plotters skips them too).
pub fn split_sharp_turns(px: &[(i32, i32)]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    if px.is_empty() {
        return ranges;
    }
    let mut start = 0;
    // The last point that differs from the one before it, and the direction
    // that led to it.
    let mut prev = 0;
    let mut dir: Option<(i64, i64)> = None;
    for i in 1..px.len() {
        if px[i] == px[prev] {
            continue;
        }
        let d = ((px[i].0 - px[prev].0) as i64, (px[i].1 - px[prev].1) as i64);
        if let Some(e) = dir
            && e.0 * d.0 + e.1 * d.1 < 0
        {
            // Turning back: end the stretch at the corner, start the next there.
            ranges.push(start..prev + 1);
            start = prev;
        }
        dir = Some(d);
        prev = i;
    }
    ranges.push(start..px.len());
    ranges
}

/// A chart's window in data coordinates: the x range and the y range.
pub type Window = (Range<f64>, Range<f64>);

/// Where the segment `a`→`b` enters and leaves `window`, as fractions `t0 <= t1`
/// of the way from `a` to `b`, or `None` when no part of it is inside
/// (Liang–Barsky: each of the four edges cuts the interval [0, 1] of t).
fn clip_t(a: (f64, f64), b: (f64, f64), (xr, yr): &Window) -> Option<(f64, f64)> {
    let all = [a.0, a.1, b.0, b.1];
    if all.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let (x_lo, x_hi) = (xr.start.min(xr.end), xr.start.max(xr.end));
    let (y_lo, y_hi) = (yr.start.min(yr.end), yr.start.max(yr.end));
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    // One (p, q) per edge: the point at t is inside that edge when p*t <= q.
    let edges = [
        (-dx, a.0 - x_lo),
        (dx, x_hi - a.0),
        (-dy, a.1 - y_lo),
        (dy, y_hi - a.1),
    ];
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in edges {
        if p == 0.0 {
            // Parallel to this edge: wholly inside or wholly outside it.
            if q < 0.0 {
                return None;
            }
        } else if p < 0.0 {
            t0 = t0.max(q / p); // entering through this edge
        } else {
            t1 = t1.min(q / p); // leaving through this edge
        }
    }
    (t0 <= t1).then_some((t0, t1))
}

/// The point a fraction `t` of the way from `a` to `b`; exactly `a` at 0 and
/// exactly `b` at 1, so clipped pieces join where the original line did.
fn lerp(a: (f64, f64), b: (f64, f64), t: f64) -> (f64, f64) {
    match t {
        0.0 => a,
        1.0 => b,
        _ => (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)),
    }
}

/// The part of the segment `a`→`b` inside `window` (edges included), or `None`.
pub fn clip_segment(
    a: (f64, f64),
    b: (f64, f64),
    window: &Window,
) -> Option<((f64, f64), (f64, f64))> {
    clip_t(a, b, window).map(|(t0, t1)| (lerp(a, b, t0), lerp(a, b, t1)))
}

/// The parts of the polyline through `points` inside `window`: one piece for
/// each stretch between leaving the window and coming back. plotters would
/// clamp a point outside the chart to its edge, which bends the line; cutting
/// each segment at the edge keeps every drawn piece on the true line. A point
/// that is not finite breaks the line, as NaN does in matplotlib.
pub fn clip_polyline(points: &[(f64, f64)], window: &Window) -> Vec<Vec<(f64, f64)>> {
    let mut pieces: Vec<Vec<(f64, f64)>> = Vec::new();
    // Whether the last segment reached its own end inside the window, so the
    // next one, starting there, continues the same piece.
    let mut open = false;
    for seg in points.windows(2) {
        let (a, b) = (seg[0], seg[1]);
        match clip_t(a, b, window) {
            Some((t0, t1)) => {
                let end = lerp(a, b, t1);
                match pieces.last_mut() {
                    Some(piece) if open && t0 == 0.0 => piece.push(end),
                    _ => pieces.push(vec![lerp(a, b, t0), end]),
                }
                open = t1 == 1.0;
            }
            None => open = false,
        }
    }
    pieces
}

/// [`clip_polyline`] for a [`Plot`]: on a log axis the line is straight in the
/// logarithm, so the clipping happens there (a point at or below 0 breaks the
/// line, as it cannot be drawn).
fn clip_to_plot(points: &[(f64, f64)], plot: &Plot) -> Vec<Vec<(f64, f64)>> {
    let there = |v: f64, log: bool| if log { v.ln() } else { v };
    let back = |v: f64, log: bool| if log { v.exp() } else { v };
    let (lx, ly) = (plot.log_x, plot.log_y);
    let range = |r: &Range<f64>, log: bool| there(r.start, log)..there(r.end, log);
    let window = (range(&plot.x_range, lx), range(&plot.y_range, ly));
    let mapped: Vec<(f64, f64)> = points
        .iter()
        .map(|&(x, y)| (there(x, lx), there(y, ly)))
        .collect();
    clip_polyline(&mapped, &window)
        .into_iter()
        .map(|piece| {
            piece
                .into_iter()
                .map(|(x, y)| (back(x, lx), back(y, ly)))
                .collect()
        })
        .collect()
}

/// The points of `points` inside the plot's ranges (edges included).
fn inside_plot(points: &[(f64, f64)], plot: &Plot) -> Vec<(f64, f64)> {
    let within = |v: f64, r: &Range<f64>| r.start.min(r.end) <= v && v <= r.start.max(r.end);
    points
        .iter()
        .copied()
        .filter(|&(x, y)| within(x, &plot.x_range) && within(y, &plot.y_range))
        .collect()
}

/// The house legend, framed on a white background.
pub fn legend<'a, 'b: 'a, X: Ranged, Y: Ranged>(
    chart: &mut ChartContext<'a, BitMapBackend<'b>, Cartesian2d<X, Y>>,
    pos: SeriesLabelPosition,
) -> DrawResult {
    chart
        .configure_series_labels()
        .position(pos)
        .margin(px(12))
        .legend_area_size(px(30))
        .label_font(legend_style())
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(160, 160, 160))
        .draw()?;
    Ok(())
}

/// An arrow from `from` to `to` (data coordinates) with a filled head of
/// `head` figure pixels, drawn so the head points along the arrow on screen even when
/// the axes have different scales.
pub fn arrow(
    chart: &mut Chart2d,
    from: (f64, f64),
    to: (f64, f64),
    c: RGBColor,
    head: f64,
) -> DrawResult {
    let (px0, py0) = chart.backend_coord(&from);
    let (px1, py1) = chart.backend_coord(&to);
    let (dx, dy) = ((px1 - px0) as f64, (py1 - py0) as f64);
    let len = dx.hypot(dy);
    chart.draw_series(std::iter::once(PathElement::new(
        vec![from, to],
        c.stroke_width(px(1)),
    )))?;
    if len < 1.0 {
        return Ok(());
    }
    let head = (head * SCALE as f64).min(len * 0.6);
    let (ux, uy) = (dx / len, dy / len);
    // The head's three corners, in pixels relative to the tip.
    let back = (-ux * head, -uy * head);
    let side = (-uy * head * 0.45, ux * head * 0.45);
    let pts = vec![
        (0, 0),
        (
            (back.0 + side.0).round() as i32,
            (back.1 + side.1).round() as i32,
        ),
        (
            (back.0 - side.0).round() as i32,
            (back.1 - side.1).round() as i32,
        ),
    ];
    chart.draw_series(std::iter::once(
        EmptyElement::at(to) + Polygon::new(pts, c.filled()),
    ))?;
    Ok(())
}

/// A 3-D surface: z = f(x, y) on a grid of `steps` x `steps` cells.
pub struct Surface<'s> {
    pub title: &'s str,
    /// The labels of the x, y (depth) and z (height) axes.
    pub labels: (&'s str, &'s str, &'s str),
    pub x_range: Range<f64>,
    pub y_range: Range<f64>,
    pub z_range: Range<f64>,
    pub steps: usize,
    /// The camera: rotation about the vertical axis and tilt, in radians.
    pub yaw: f64,
    pub pitch: f64,
}

/// Draws a [`Surface`] of `f`, coloured by height with the viridis colormap.
pub fn surface(area: &Area, s: &Surface, f: impl Fn(f64, f64) -> f64) -> DrawResult {
    let mut chart = ChartBuilder::on(area)
        .margin(px(20))
        .caption(s.title, title_style())
        .build_cartesian_3d(s.x_range.clone(), s.z_range.clone(), s.y_range.clone())?;
    chart.with_projection(|mut p| {
        p.yaw = s.yaw;
        p.pitch = s.pitch;
        p.scale = 0.85;
        p.into_matrix()
    });
    chart
        .configure_axes()
        .light_grid_style(RGBColor(225, 225, 225).stroke_width(px(1)))
        .bold_grid_style(RGBColor(190, 190, 190).stroke_width(px(1)))
        .axis_panel_style(RGBColor(248, 248, 248))
        .label_style(tick_style())
        .x_formatter(&|v| tick(*v))
        .y_formatter(&|v| tick(*v))
        .z_formatter(&|v| tick(*v))
        .max_light_lines(3)
        .tick_size(px(8))
        .draw()?;
    let n = s.steps.max(1);
    let xs: Vec<f64> = (0..=n)
        .map(|i| s.x_range.start + (s.x_range.end - s.x_range.start) * i as f64 / n as f64)
        .collect();
    let ys: Vec<f64> = (0..=n)
        .map(|i| s.y_range.start + (s.y_range.end - s.y_range.start) * i as f64 / n as f64)
        .collect();
    let (zmin, zmax) = (s.z_range.start, s.z_range.end);
    chart.draw_series(
        SurfaceSeries::xoz(xs.into_iter(), ys.into_iter(), &f).style_func(&|&z: &f64| {
            let t = ((z - zmin) / (zmax - zmin)).clamp(0.0, 1.0);
            ViridisRGB::get_color(t).mix(0.9).filled()
        }),
    )?;
    // Axis names, outside the middle of the two floor axes and above the
    // vertical one (where plotters puts the axes for a yaw between 0.3 and 1.2).
    let (x0, x1) = (s.x_range.start, s.x_range.end);
    let (y0, y1) = (s.y_range.start, s.y_range.end);
    let (z0, z1) = (s.z_range.start, s.z_range.end);
    let names = [
        (((x0 + x1) / 2.0, z0, y1 + 0.3 * (y1 - y0)), s.labels.0),
        ((x1 + 0.3 * (x1 - x0), z0, (y0 + y1) / 2.0), s.labels.1),
        ((x0, z1 + 0.08 * (z1 - z0), y1), s.labels.2),
    ];
    for (pos, text) in names {
        chart.draw_series(std::iter::once(Text::new(
            text.to_string(),
            pos,
            label_style(),
        )))?;
    }
    Ok(())
}

/// One grayscale image: `width * height` values in row order, 0 = white, 1 = black
/// (as the book shows MNIST digits: ink is dark), and a caption under it.
pub struct GrayImage<'s> {
    pub caption: String,
    pub width: usize,
    pub height: usize,
    pub pixels: &'s [f64],
}

/// Draws `images` in a grid of `cols` columns under `title`, each scaled up to
/// fill its cell with square pixels.
pub fn image_grid(area: &Area, title: &str, images: &[GrayImage], cols: usize) -> DrawResult {
    let body = area
        .margin(px(12), px(8), px(8), px(8))
        .titled(title, title_style())?;
    let cols = cols.max(1);
    let rows = images.len().div_ceil(cols).max(1);
    // Rows only as tall as the images the column width allows (plus caption
    // and a gap), the block centred: no wide empty bands between the rows.
    let (bw, bh) = body.dim_in_pixel();
    let (iw_max, ih_max) = images
        .iter()
        .fold((1, 1), |(w, h), i| (w.max(i.width), h.max(i.height)));
    let caption_h = px(26) as usize;
    let scale = ((bw as usize / cols).saturating_sub(px(8) as usize) / iw_max).max(1);
    let row_h = (ih_max * scale + caption_h + px(24) as usize) as u32;
    let pad = bh.saturating_sub(row_h * rows as u32) / 2;
    let body = body.margin(pad, pad, 0, 0);
    let cells = body.split_evenly((rows, cols));
    for (img, cell) in images.iter().zip(cells.iter()) {
        let (cw, ch) = cell.dim_in_pixel();
        let scale = ((cw as usize - px(8) as usize) / img.width.max(1))
            .min((ch as usize).saturating_sub(caption_h + px(8) as usize) / img.height.max(1))
            .max(1);
        let (iw, ih) = (img.width * scale, img.height * scale);
        let left = (cw as usize - iw) / 2;
        // the image and its caption, centred in the cell
        let top = (ch as usize).saturating_sub(ih + caption_h) / 2;
        for r in 0..img.height {
            for c in 0..img.width {
                let v = img.pixels.get(r * img.width + c).copied().unwrap_or(0.0);
                let g = (255.0 * (1.0 - v.clamp(0.0, 1.0))).round() as u8;
                let (x, y) = ((left + c * scale) as i32, (top + r * scale) as i32);
                cell.draw(&Rectangle::new(
                    [(x, y), (x + scale as i32, y + scale as i32)],
                    RGBColor(g, g, g).filled(),
                ))?;
            }
        }
        cell.draw(&Rectangle::new(
            [
                (left as i32, top as i32),
                ((left + iw) as i32, (top + ih) as i32),
            ],
            RGBColor(160, 160, 160).stroke_width(px(1)),
        ))?;
        cell.draw(&Text::new(
            img.caption.clone(),
            ((cw / 2) as i32, (top + ih) as i32 + pxi(6)),
            legend_style().pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Top,
            )),
        ))?;
    }
    Ok(())
}

/// Splits a figure into `rows` x `cols` equal panels, row by row.
pub fn panels<'b>(area: &Area<'b>, rows: usize, cols: usize) -> Vec<Area<'b>> {
    area.split_evenly((rows, cols))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    const UNIT: fn() -> Window = || (0.0..1.0, 0.0..1.0);

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-12 && (a.1 - b.1).abs() < 1e-12
    }

    #[test]
    fn clip_keeps_a_segment_fully_inside() {
        let (a, b) = ((0.2, 0.3), (0.7, 0.9));
        assert_eq!(clip_segment(a, b, &UNIT()), Some((a, b)));
    }

    #[test]
    fn clip_cuts_a_segment_crossing_one_edge_on_its_line() {
        // From (0.5, 0.5) up to (0.5, 1.5): leaves through the top at y = 1.
        let (p, q) = clip_segment((0.5, 0.5), (0.5, 1.5), &UNIT()).unwrap();
        assert_eq!(p, (0.5, 0.5));
        assert!(close(q, (0.5, 1.0)), "{q:?}");
        // A slanted one leaving through the bottom: y = 0.5 - x, cut at x = 0.5.
        let (p, q) = clip_segment((0.0, 0.5), (1.0, -0.5), &UNIT()).unwrap();
        assert_eq!(p, (0.0, 0.5));
        assert!(close(q, (0.5, 0.0)), "{q:?}");
    }

    #[test]
    fn clip_cuts_a_segment_crossing_two_edges() {
        // y = x - 0.5 from x = -1 to 2: enters at (0.5, 0), leaves at (1, 0.5).
        let (p, q) = clip_segment((-1.0, -1.5), (2.0, 1.5), &UNIT()).unwrap();
        assert!(close(p, (0.5, 0.0)), "{p:?}");
        assert!(close(q, (1.0, 0.5)), "{q:?}");
        // The cut ends stay on the original line.
        assert!(((q.1 - p.1) / (q.0 - p.0) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn clip_drops_a_segment_fully_outside() {
        assert_eq!(clip_segment((-1.0, 0.5), (-0.5, 0.9), &UNIT()), None);
        // Its line crosses the window's corner region but the segment misses it.
        assert_eq!(clip_segment((1.5, 0.0), (2.0, 2.0), &UNIT()), None);
        assert_eq!(clip_segment((-0.5, 1.2), (1.2, 1.6), &UNIT()), None);
        // Not finite: nothing to draw.
        assert_eq!(clip_segment((f64::NAN, 0.5), (0.5, 0.5), &UNIT()), None);
    }

    #[test]
    fn clip_splits_a_polyline_that_leaves_and_comes_back() {
        // In, up out of the top, back in, down out of the bottom, then outside.
        let line = [
            (0.1, 0.5),
            (0.3, 0.5),
            (0.4, 1.5),
            (0.5, 0.5),
            (0.6, 0.5),
            (0.7, -0.5),
            (0.8, -0.5),
        ];
        let pieces = clip_polyline(&line, &UNIT());
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        let (first, second) = (&pieces[0], &pieces[1]);
        assert_eq!(first.len(), 3);
        assert_eq!(&first[..2], &[(0.1, 0.5), (0.3, 0.5)]);
        assert!(close(first[2], (0.35, 1.0)), "{first:?}");
        assert_eq!(second.len(), 4);
        assert!(close(second[0], (0.45, 1.0)), "{second:?}");
        assert_eq!(&second[1..3], &[(0.5, 0.5), (0.6, 0.5)]);
        assert!(close(second[3], (0.65, 0.0)), "{second:?}");
        // A polyline wholly inside is one piece, the same points.
        let inside = [(0.1, 0.1), (0.5, 0.9), (0.9, 0.1)];
        assert_eq!(clip_polyline(&inside, &UNIT()), vec![inside.to_vec()]);
        // A NaN breaks the line in two.
        let broken = [
            (0.1, 0.1),
            (0.2, 0.2),
            (f64::NAN, 0.3),
            (0.4, 0.4),
            (0.5, 0.5),
        ];
        assert_eq!(clip_polyline(&broken, &UNIT()).len(), 2);
    }

    #[test]
    fn clip_on_log_axes_cuts_in_log_space() {
        // y = x on log-log axes is straight; cut at the top edge y = 100 it must
        // end at x = 100, and a point at 0 (not drawable on a log axis) breaks it.
        let plot = Plot::new("t", "x", "y", 1.0..1e4, 1.0..100.0)
            .log_x()
            .log_y();
        let pieces = clip_to_plot(&[(0.0, 0.0), (10.0, 10.0), (1e3, 1e3)], &plot);
        assert_eq!(pieces.len(), 1, "{pieces:?}");
        let end = pieces[0][1];
        assert!(
            (end.0 - 100.0).abs() < 1e-9 && (end.1 - 100.0).abs() < 1e-9,
            "{end:?}"
        );
        // Halfway in log space is the geometric mean, not the arithmetic one.
        let plot = Plot::new("t", "x", "y", 1.0..1e4, 1.0..10.0).log_x();
        let pieces = clip_to_plot(&[(1.0, 0.0), (1e4, 20.0)], &plot);
        let end = pieces[0][1];
        assert!(
            (end.0 - 100.0).abs() < 1e-9 && (end.1 - 10.0).abs() < 1e-12,
            "{end:?}"
        );
    }

    /// Renders `series` on `plot` into an RGB buffer.
    fn render(plot: &Plot, series: &[Series]) -> Vec<u8> {
        register_fonts();
        let mut buf = vec![0u8; (CANVAS.0 * CANVAS.1 * 3) as usize];
        {
            let root = BitMapBackend::with_buffer(&mut buf, CANVAS).into_drawing_area();
            root.fill(&WHITE).unwrap();
            line_chart(&root, plot, series).unwrap();
            root.present().unwrap();
        }
        buf
    }

    #[test]
    fn a_line_through_one_point_shows_the_point() {
        let plot = Plot::new("t", "x", "y", 0.0..1.0, 0.0..1.0);
        let empty = render(&plot, &[]);
        for series in [
            Series::line("", vec![(0.5, 0.5)]),
            Series::dashed("", vec![(0.5, 0.5)]),
        ] {
            let drawn = render(&plot, &[series]);
            let changed = drawn
                .chunks_exact(3)
                .zip(empty.chunks_exact(3))
                .filter(|(a, b)| a != b)
                .count();
            assert!(changed > 20, "the point is drawn ({changed} pixels)");
        }
    }

    #[test]
    fn a_noisy_thick_line_draws_nothing_outside_the_chart() {
        // 10,000 points on ~680 pixels, jumping up and down: a thick path through
        // them used to throw specks far below the x axis (split_sharp_turns).
        let mut state = 12345u64;
        let noisy: Vec<(f64, f64)> = (0..10_000)
            .map(|i| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let r = (state >> 11) as f64 / (1u64 << 53) as f64;
                (i as f64, 0.3 + 1.4 * r * r)
            })
            .collect();
        let plot = Plot::new("t", "x", "y", 0.0..10_000.0, 0.0..2.0);
        let empty = render(&plot, &[]);
        // The plotting area's pixels, from the same builder line_chart uses.
        let mut scratch = vec![0u8; (CANVAS.0 * CANVAS.1 * 3) as usize];
        let area = BitMapBackend::with_buffer(&mut scratch, CANVAS).into_drawing_area();
        let right = (area
            .estimate_text_size(&tick(10_000.0), &tick_style())
            .unwrap()
            .0
            / 2
            + px(12))
        .max(px(28));
        let chart = builder(&area, "t")
            .margin_right(right)
            .build_cartesian_2d(0.0..10_000.0, 0.0..2.0)
            .unwrap();
        let (xr, yr) = chart.plotting_area().get_pixel_range();
        for width in [1, 3] {
            let drawn = render(&plot, &[Series::line("", noisy.clone()).width(width)]);
            let mut outside = 0;
            let mut inside = 0;
            for y in 0..CANVAS.1 as i32 {
                for x in 0..CANVAS.0 as i32 {
                    let k = ((y as u32 * CANVAS.0 + x as u32) * 3) as usize;
                    if drawn[k..k + 3] != empty[k..k + 3] {
                        if xr.contains(&x) && yr.contains(&y) {
                            inside += 1;
                        } else {
                            // A thick line at the very edge may cover the
                            // axis by its half width; nothing may land further.
                            let reach = px(width) as i32;
                            let near = (xr.start - reach..xr.end + reach).contains(&x)
                                && (yr.start - reach..yr.end + reach).contains(&y);
                            if !near {
                                outside += 1;
                            }
                        }
                    }
                }
            }
            assert!(
                inside > 10_000,
                "width {width}: the line is drawn ({inside})"
            );
            assert_eq!(
                outside, 0,
                "width {width}: pixels changed outside the chart"
            );
        }
    }

    #[test]
    fn thick_lines_are_split_where_they_turn_back() {
        // Right, right, back left (split), up (a right angle: kept), repeated pixel.
        let px = [(0, 0), (5, 0), (9, 1), (3, 2), (3, 2), (3, 9)];
        assert_eq!(split_sharp_turns(&px), vec![0..3, 2..6]);
        assert_eq!(split_sharp_turns(&[(0, 0), (4, 4), (8, 0)]), vec![0..3]);
        assert_eq!(split_sharp_turns(&[]), Vec::<std::ops::Range<usize>>::new());
    }

    #[test]
    fn ticks_are_short() {
        assert_eq!(tick(0.0), "0");
        assert_eq!(tick(2.0), "2");
        assert_eq!(tick(-0.25), "-0.25");
        assert_eq!(tick(0.1), "0.1");
        assert_eq!(tick(1e-10), "1e-10");
        assert_eq!(tick(1e13), "1e13");
        assert_eq!(tick(3e-5), "3.0e-5");
    }

    #[test]
    fn a_failed_write_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-folder").join("x.png");
        let err = save_png(&missing, |_| Ok(())).unwrap_err();
        assert!(err.to_string().contains("x.png"), "{err}");
        assert!(!dir.path().join("no-such-folder").exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_failed_drawing_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.png");
        let err = save_png(&path, |_| Err("no data".into())).unwrap_err();
        assert!(err.to_string().contains("no data"), "{err}");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    /// Ten 28x28 rings of growing radius, as stand-ins for MNIST digits.
    fn rings() -> Vec<Vec<f64>> {
        (0..10)
            .map(|k| {
                (0..28 * 28)
                    .map(|i| {
                        let (r, c) = ((i / 28) as f64 - 13.5, (i % 28) as f64 - 13.5);
                        let d = r.hypot(c) - (3.0 + k as f64);
                        (1.0 - d.abs() / 1.5).max(0.0)
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn an_image_grid_draws_each_image_scaled_with_square_pixels() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("grid.png");
        let rings = rings();
        let images: Vec<GrayImage> = rings
            .iter()
            .enumerate()
            .map(|(k, p)| GrayImage {
                caption: format!("ring {k}"),
                width: 28,
                height: 28,
                pixels: p,
            })
            .collect();
        save_png(&path, |area| image_grid(area, "rings", &images, 5)).unwrap();
        if let Ok(keep) = std::env::var("DLFS_KEEP_TEST_PNG") {
            fs::copy(&path, keep).unwrap();
        }
        let bytes = fs::read(&path).unwrap();
        assert_eq!(&bytes[1..4], b"PNG");
    }

    #[test]
    fn same_drawing_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let draw = |area: &Area| {
            let pts = (0..50).map(|i| (i as f64, (i as f64).sqrt())).collect();
            line_chart(
                area,
                &Plot::new("t", "x", "y", 0.0..50.0, 0.0..8.0),
                &[Series::line("a", pts)],
            )
        };
        let (a, b) = (dir.path().join("a.png"), dir.path().join("b.png"));
        save_png(&a, draw).unwrap();
        save_png(&b, draw).unwrap();
        assert_eq!(fs::read(&a).unwrap(), fs::read(&b).unwrap());
        assert_eq!(&fs::read(&a).unwrap()[1..4], b"PNG");
    }
}
