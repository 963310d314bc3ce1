//! The book's numbers, digit for digit. The expected strings are NumPy 2.4's
//! output for the book's code (tests/ref/book_numbers.txt, made by NumPy 2.4.6); these are not
//! tolerances: the last digit is the point of each test.

use dlfs::ch04::diff::{
    function_1, function_tmp1, function_tmp2, numerical_diff, numerical_diff_bad,
};
use dlfs::ch04::gradient::{function_2, gradient_descent, numerical_gradient};
use dlfs::ch04::loss::{
    cross_entropy_error, cross_entropy_error_batch, cross_entropy_error_labels, mean_squared_error,
};
use dlfs::ch04::simple_net::SimpleNet;
use dlfs::common::numpy::{format_array, py_repr};
use dlfs::registry::{SectionId, run};
use dlfs::sections::Ctx;
use ndarray::{Axis, arr1, arr2, stack};

fn t() -> ndarray::Array1<f64> {
    arr1(&[0., 0., 1., 0., 0., 0., 0., 0., 0., 0.])
}
fn y1() -> ndarray::Array1<f64> {
    arr1(&[0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
}
fn y2() -> ndarray::Array1<f64> {
    arr1(&[0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])
}

/// What `dlfs section ID` prints.
fn printed(id: &str) -> String {
    let mut out = Vec::new();
    run(
        &id.parse::<SectionId>().unwrap(),
        &mut Ctx::text_only(&mut out),
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

fn assert_printed(id: &str, numbers: &[&str]) {
    let text = printed(id);
    for n in numbers {
        assert!(
            text.contains(n),
            "section {id} should print {n}; it printed:\n{text}"
        );
    }
}

#[test]
fn s4_2_1_sum_of_squares() {
    assert_eq!(
        py_repr(mean_squared_error(&y1(), &t())),
        "0.09750000000000003"
    );
    assert_eq!(py_repr(mean_squared_error(&y2(), &t())), "0.5975");
    assert_printed(
        "4.2.1",
        &["0.09750000000000003", "0.5975", "0.5974999999999999"],
    );
}

#[test]
fn s4_2_2_cross_entropy() {
    assert_eq!(
        py_repr(cross_entropy_error(&y1(), &t())),
        "0.510825457099338"
    );
    assert_eq!(
        py_repr(cross_entropy_error(&y2(), &t())),
        "2.302584092994546"
    );
    assert_printed("4.2.2", &["0.510825457099338", "2.302584092994546"]);
}

#[test]
fn s4_2_4_batch_cross_entropy() {
    let y = stack(Axis(0), &[y1().view(), y2().view()]).unwrap();
    let tt = stack(Axis(0), &[t().view(), t().view()]).unwrap();
    assert_eq!(
        py_repr(cross_entropy_error_batch(&y, &tt)),
        "1.406704775046942"
    );
    assert_eq!(
        py_repr(cross_entropy_error_labels(&y, &[2, 2])),
        "1.406704775046942"
    );
    let text = printed("4.2.4");
    assert_eq!(text.matches("1.406704775046942").count(), 3, "{text}");
}

#[test]
fn s4_3_1_tiny_h_and_central_difference() {
    assert_eq!(py_repr(1e-50_f64 as f32 as f64), "0.0");
    assert_eq!(py_repr(numerical_diff_bad(function_1, 5.0)), "0.0");
    assert_printed(
        "4.3.1",
        &[
            "= 0.0 ",
            "numerical_diff_bad(function_1, 5.0) = 0.0",
            "0.1999999999990898",
        ],
    );
}

#[test]
fn s4_3_2_numerical_derivative() {
    assert_eq!(
        py_repr(numerical_diff(function_1, 5.0)),
        "0.1999999999990898"
    );
    assert_eq!(
        py_repr(numerical_diff(function_1, 10.0)),
        "0.2999999999986347"
    );
    assert_printed(
        "4.3.2",
        &[
            "0.1999999999990898",
            "0.2999999999986347",
            "-9.102163467389346e-13",
            "-1.3653522756840175e-12",
        ],
    );
}

#[test]
fn s4_3_3_partial_derivatives() {
    assert_eq!(
        py_repr(numerical_diff(function_tmp1, 3.0)),
        "6.00000000000378"
    );
    assert_eq!(
        py_repr(numerical_diff(function_tmp2, 4.0)),
        "7.999999999999119"
    );
    assert_printed("4.3.3", &["6.00000000000378", "7.999999999999119"]);
}

#[test]
fn s4_4_gradient() {
    let g = |p: [f64; 2]| format_array(&numerical_gradient(function_2, &mut arr1(&p)));
    assert_eq!(g([3.0, 4.0]), "[6. 8.]");
    assert_eq!(g([0.0, 2.0]), "[0. 4.]");
    assert_eq!(g([3.0, 0.0]), "[6. 0.]");
    assert_printed(
        "4.4",
        &["[6. 8.]", "[0. 4.]", "[6. 0.]", "6.000000000012662"],
    );
}

#[test]
fn s4_4_1_gradient_descent() {
    let run = |lr| gradient_descent(function_2, &arr1(&[-3.0, 4.0]), lr, 100).0;
    assert_eq!(format_array(&run(0.1)), "[-6.11110793e-10  8.14814391e-10]");
    assert_eq!(
        format_array(&run(10.0)),
        "[-2.58983747e+13 -1.29524862e+12]"
    );
    assert_eq!(format_array(&run(1e-10)), "[-2.99999994  3.99999992]");
    let x = run(10.0);
    assert_eq!(
        (py_repr(x[0]), py_repr(x[1])),
        ("-25898374737328.363".into(), "-1295248616896.5398".into())
    );
    assert_printed(
        "4.4.1",
        &[
            "[-6.11110793e-10  8.14814391e-10]",
            "[-2.58983747e+13 -1.29524862e+12]",
            "[-2.99999994  3.99999992]",
            "x1 freezes at step 9, x0 at step 10.",
            "2.2515487259475596e+128",
        ],
    );
}

#[test]
fn s4_4_2_simple_net() {
    let w = arr2(&[
        [0.47355232, 0.9977393, 0.84668094],
        [0.85557411, 0.03563661, 0.69422093],
    ]);
    let mut net = SimpleNet::with_weights(w);
    let (x, t) = (arr1(&[0.6, 0.9]), arr1(&[0.0, 0.0, 1.0]));
    assert_eq!(
        format_array(&net.predict(&x)),
        "[1.05414809 0.63071653 1.1328074 ]"
    );
    assert_eq!(py_repr(net.loss(&x, &t)), "0.9280682857864075");
    assert_eq!(
        format_array(&net.numerical_gradient(&x, &t)),
        "[[ 0.21924757  0.14356243 -0.36281   ]\n [ 0.32887136  0.21534364 -0.544215  ]]"
    );
    net.delta = 0.0;
    assert_eq!(py_repr(net.loss(&x, &t)), "0.9280685387482351");
    let book_dw = "[[ 0.21924763  0.14356247 -0.36281009]\n [ 0.32887144  0.2153437  -0.54421514]]";
    assert_eq!(format_array(&net.numerical_gradient(&x, &t)), book_dw);
    assert_printed(
        "4.4.2",
        &[
            "[1.05414809 0.63071653 1.1328074 ]",
            "argmax = 2",
            "0.9280682857864075",
            book_dw,
        ],
    );
}
