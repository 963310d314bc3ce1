//! 4.3.2 The numerical derivative of y = 0.01x² + 0.1x at x = 5 and x = 10.

use super::Ctx;
use crate::ch04::diff::{function_1, function_1_derivative, numerical_diff, tangent_line};
use crate::common::numpy::py_repr;
use crate::error::Result;
use crate::plot::{self, Plot, Series};

pub fn run(ctx: &mut Ctx) -> Result<()> {
    if !ctx.params.is_empty() {
        return experiment(ctx.out, ctx.params.number("x", 5.0));
    }
    let out = &mut *ctx.out;
    writeln!(out, "function_1(x) = 0.01 * x.powi(2) + 0.1 * x")?;
    writeln!(out)?;
    for x in [5.0, 10.0] {
        let num = numerical_diff(function_1, x);
        let exact = function_1_derivative(x);
        writeln!(out, "numerical_diff(function_1, {x:.1}) = {}", py_repr(num))?;
        writeln!(out, "  true derivative 0.02x + 0.1 = {}", py_repr(exact))?;
        writeln!(
            out,
            "  error                       = {}",
            py_repr(num - exact)
        )?;
    }
    ctx.figure("4.3.2-fig4-6-function", |area| draw_function(area, &[]))?;
    ctx.figure("4.3.2-fig4-7-tangents", |area| {
        draw_function(area, &[5.0, 10.0])
    })?;
    Ok(())
}

/// Fig 4-6: function_1 on [0, 20) in steps of 0.1 (`np.arange(0.0, 20.0, 0.1)`);
/// fig 4-7: the same with the tangent lines at `tangents_at`.
fn draw_function(area: &plot::Area, tangents_at: &[f64]) -> plot::DrawResult {
    let xs: Vec<f64> = (0..200).map(|i| i as f64 * 0.1).collect();
    let mut series = vec![Series::line(
        "f(x) = 0.01x² + 0.1x",
        xs.iter().map(|&x| (x, function_1(x))).collect(),
    )];
    for (k, &x0) in tangents_at.iter().enumerate() {
        let tf = tangent_line(function_1, x0);
        series.push(
            Series::dashed(
                &format!(
                    "tangent at x = {x0}, slope {:.4}",
                    numerical_diff(function_1, x0)
                ),
                xs.iter().map(|&x| (x, tf(x))).collect(),
            )
            .color(plot::color(k + 1)),
        );
    }
    if !tangents_at.is_empty() {
        let pts = tangents_at.iter().map(|&x| (x, function_1(x))).collect();
        series.push(Series::points("", pts).color(plot::BLACK));
    }
    let title = if tangents_at.is_empty() {
        "4.3.2 (fig 4-6)  f(x) = 0.01x² + 0.1x"
    } else {
        "4.3.2 (fig 4-7)  tangents at x = 5 and 10 from numerical_diff"
    };
    plot::line_chart(
        area,
        &Plot::new(title, "x", "f(x)", 0.0..20.0, -1.0..6.0)
            .legend(plot::SeriesLabelPosition::UpperLeft),
        &series,
    )
}

/// `dlfs section 4.3.2 --x X`: the tangent of function_1 at x, from the
/// numerical derivative, against the exact slope.
fn experiment(out: &mut dyn std::io::Write, x: f64) -> Result<()> {
    let d = numerical_diff(function_1, x);
    let exact = function_1_derivative(x);
    let tf = tangent_line(function_1, x);
    writeln!(
        out,
        "The tangent of function_1(x) = 0.01x² + 0.1x at x = {} (the book draws x = 5 and 10):",
        py_repr(x)
    )?;
    writeln!(
        out,
        "  function_1(x)                 = {}",
        py_repr(function_1(x))
    )?;
    writeln!(out, "  numerical_diff(function_1, x) = {}", py_repr(d))?;
    writeln!(
        out,
        "  true derivative 0.02x + 0.1   = {}   error {}",
        py_repr(exact),
        py_repr(d - exact)
    )?;
    writeln!(
        out,
        "  tangent_line(function_1, x):  y = {} * t {} {}",
        py_repr(d),
        if tf(0.0) < 0.0 { "-" } else { "+" },
        py_repr(tf(0.0).abs())
    )?;
    writeln!(
        out,
        "  it touches the curve at t = x: y(x) = {}",
        py_repr(tf(x))
    )?;
    Ok(())
}
