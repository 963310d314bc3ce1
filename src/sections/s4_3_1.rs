//! 4.3.1 Why the naive derivative with h = 1e-50 fails, and the central difference.

use super::Ctx;
use crate::ch04::diff::{
    best_h, central_diff, forward_diff, function_1, function_1_derivative, numerical_diff,
    numerical_diff_bad,
};
use crate::common::numpy::py_repr;
use crate::error::Result;
use crate::plot::{self, Plot, Series};

pub fn run(ctx: &mut Ctx) -> Result<()> {
    if !ctx.params.is_empty() {
        let (h, x) = (ctx.params.number("h", 1e-4), ctx.params.number("x", 5.0));
        return experiment(ctx.out, h, x);
    }
    let out = &mut *ctx.out;
    writeln!(out, "Problem 1: h = 1e-50 is too small for floating point.")?;
    writeln!(
        out,
        "  1e-50_f64 as f32        = {}   (np.float32(1e-50): below the smallest f32)",
        py_repr(1e-50_f64 as f32 as f64)
    )?;
    writeln!(
        out,
        "  5.0 + 10e-50 == 5.0     = {}   (a 64-bit float near 5 has only ~16 digits)",
        rounds_away(5.0, 10e-50)
    )?;
    writeln!(
        out,
        "  numerical_diff_bad(function_1, 5.0) = {}",
        py_repr(numerical_diff_bad(function_1, 5.0))
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Problem 2: (f(x+h) - f(x)) / h is the slope between x and x+h, not at x."
    )?;
    writeln!(
        out,
        "At x = 5 the true slope of function_1 is {}:",
        py_repr(function_1_derivative(5.0))
    )?;
    let fwd = forward_diff(function_1, 5.0, 1e-4);
    let cen = numerical_diff(function_1, 5.0);
    writeln!(
        out,
        "  forward, h = 1e-4:  {:<20}  error {}",
        py_repr(fwd),
        py_repr(fwd - 0.2)
    )?;
    writeln!(
        out,
        "  central, h = 1e-4:  {:<20}  error {}",
        py_repr(cen),
        py_repr(cen - 0.2)
    )?;
    writeln!(out)?;
    writeln!(out, "numerical_diff(function_1, 5.0) = {}", py_repr(cen))?;
    writeln!(out)?;
    writeln!(
        out,
        "function_1 is quadratic: f''' = 0, so its central difference has no truncation error at all."
    )?;
    writeln!(
        out,
        "Its -9.1e-13 is rounding only (about eps |f| / h): it grows as h shrinks, the opposite of an h² law:"
    )?;
    for h in [1e-2, 1e-3, 1e-4, 1e-5] {
        writeln!(
            out,
            "  h = {:<7} central error {}",
            py_repr(h),
            py_repr(central_diff(function_1, 5.0, h) - 0.2)
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "On f = exp at x = 1 (f = f' = f'' = f''' = e) both errors show (the figure 4.3.1-error-vs-h):"
    )?;
    writeln!(out, "  h        forward error          central error")?;
    let e = std::f64::consts::E;
    for k in [1, 2, 4, 6, 8, 10, 12] {
        let h = 10f64.powi(-k);
        let fwd = (forward_diff(f64::exp, 1.0, h) - e).abs();
        let cen = (central_diff(f64::exp, 1.0, h) - e).abs();
        writeln!(out, "  1e-{k:<5} {:<22} {cen:.3e}", format!("{fwd:.3e}"))?;
    }
    writeln!(
        out,
        "  best h: forward sqrt(eps) = {:.2e}, central cbrt(eps) = {:.2e}; the book's 1e-4 is near the central one,",
        best_h(false),
        best_h(true)
    )?;
    writeln!(
        out,
        "  and h = 1e-50 gives error {} (forward: exp(1 + 1e-50) == exp(1), the quotient is 0).",
        py_repr((forward_diff(f64::exp, 1.0, 1e-50) - e).abs())
    )?;
    ctx.figure("4.3.1-forward-vs-central", draw_differences)?;
    ctx.figure("4.3.1-error-vs-h", draw_error_vs_h)?;
    Ok(())
}

/// The point and the (exaggerated) h of the figure: with h = 1e-4 the lines
/// would lie on top of each other; h = 3 shows what the formulas measure.
const FIG_X: f64 = 5.0;
const FIG_H: f64 = 3.0;

/// The true tangent at x = 5, the forward-difference secant through x and x+h,
/// and the central-difference secant through x-h and x+h, on function_1.
fn draw_differences(area: &plot::Area) -> plot::DrawResult {
    let (x, h) = (FIG_X, FIG_H);
    let f = function_1;
    let (a, b) = (1.5, 8.5);
    let curve = (0..=160)
        .map(|i| {
            let t = a + (b - a) * i as f64 / 160.0;
            (t, f(t))
        })
        .collect();
    // A straight line through (px, f(px)) with slope s, across the window.
    let line = |px: f64, s: f64| vec![(a, f(px) + s * (a - px)), (b, f(px) + s * (b - px))];
    let true_slope = function_1_derivative(x);
    let fwd = forward_diff(f, x, h);
    let cen = (f(x + h) - f(x - h)) / (2.0 * h);
    let pts = [x - h, x, x + h].iter().map(|&p| (p, f(p))).collect();
    plot::line_chart(
        area,
        &Plot::new(
            "4.3.1  Forward vs central difference at x = 5 (h = 3)",
            "x",
            "f(x) = 0.01x² + 0.1x",
            a..b,
            0.1..1.6,
        )
        .legend(plot::SeriesLabelPosition::UpperLeft),
        &[
            Series::line("f(x)", curve).color(plot::color(6)),
            Series::line(
                &format!("true tangent, slope {}", plot::tick(true_slope)),
                line(x, true_slope),
            )
            .color(plot::color(0)),
            Series::dashed(
                &format!("forward: through x, x+h, slope {}", plot::tick(fwd)),
                line(x, fwd),
            )
            .color(plot::color(3)),
            Series::dashed(
                &format!("central: through x-h, x+h, slope {}", plot::tick(cen)),
                line(x - h, cen),
            )
            .color(plot::color(2)),
            Series::points("x-h, x, x+h", pts).color(plot::BLACK),
        ],
    )
}

/// Whether adding h to x gives x back: h is below half the gap between doubles near x.
fn rounds_away(x: f64, h: f64) -> bool {
    x + h == x
}

/// |error| of the forward and central differences of exp at x = 1 against h,
/// on log-log axes: the falling straight lines are truncation (slopes 1 and 2),
/// the rising noisy ones rounding (slope -1); the best h sits where they meet.
fn draw_error_vs_h(area: &plot::Area) -> plot::DrawResult {
    let e = std::f64::consts::E;
    let hs: Vec<f64> = (0..=160)
        .map(|i| 10f64.powf(-16.0 + i as f64 / 10.0))
        .collect();
    let errs = |d: &dyn Fn(f64) -> f64| -> Vec<(f64, f64)> {
        hs.iter()
            .map(|&h| (h, (d(h) - e).abs()))
            .filter(|&(_, err)| err > 0.0)
            .collect()
    };
    let fwd = errs(&|h| forward_diff(f64::exp, 1.0, h));
    let cen = errs(&|h| central_diff(f64::exp, 1.0, h));
    let (ylo, yhi) = (1e-13, 1e2);
    let vline = |h: f64| vec![(h, ylo), (h, yhi)];
    plot::line_chart(
        area,
        &Plot::new(
            "4.3.1  Error of the difference quotients of exp at x = 1",
            "h (h = 1e-50 is far off to the left: error e = 2.72 for both)",
            "|numerical - exact|",
            1e-16..1.0,
            ylo..yhi,
        )
        .log_x()
        .log_y()
        .legend(plot::SeriesLabelPosition::UpperRight),
        &[
            Series::line("forward (f(x+h) - f(x)) / h", fwd).color(plot::color(3)),
            Series::line("central (f(x+h) - f(x-h)) / 2h", cen).color(plot::color(2)),
            Series::dashed(
                &format!("best forward h = sqrt(eps) = {:.1e}", best_h(false)),
                vline(best_h(false)),
            )
            .color(plot::color(3)),
            Series::dashed(
                &format!("best central h = cbrt(eps) = {:.1e}", best_h(true)),
                vline(best_h(true)),
            )
            .color(plot::color(2)),
            Series::dashed("the book's h = 1e-4", vline(1e-4)).color(plot::BLACK),
        ],
    )
}

/// `dlfs section 4.3.1 --h H --x X`: both difference quotients of function_1
/// at x with that h, against the exact derivative.
fn experiment(out: &mut dyn std::io::Write, h: f64, x: f64) -> Result<()> {
    let exact = function_1_derivative(x);
    let fwd = forward_diff(function_1, x, h);
    let cen = central_diff(function_1, x, h);
    writeln!(
        out,
        "function_1(x) = 0.01x² + 0.1x at x = {}, h = {} (the book: x = 5.0, h = 0.0001)",
        py_repr(x),
        py_repr(h)
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "  exact 0.02x + 0.1               = {}",
        py_repr(exact)
    )?;
    writeln!(
        out,
        "  forward (f(x+h) - f(x)) / h     = {:<22}  error {}",
        py_repr(fwd),
        py_repr(fwd - exact)
    )?;
    writeln!(
        out,
        "  central (f(x+h) - f(x-h)) / 2h  = {:<22}  error {}",
        py_repr(cen),
        py_repr(cen - exact)
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Expected sizes: forward truncation h |f''| / 2 = 0.01 |h| = {:.1e}; central truncation 0 (f''' = 0);",
        0.01 * h.abs()
    )?;
    writeln!(
        out,
        "rounding in both about eps |f(x)| / |h| = {:.1e}. Try h = 1e-2, 1e-6, 1e-10, 1e-50.",
        f64::EPSILON * function_1(x).abs() / h.abs()
    )?;
    Ok(())
}
