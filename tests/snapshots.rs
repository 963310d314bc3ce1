//! One insta snapshot per section id, in the top-level `snapshots/` folder, and
//! one test per snapshot, so one failure does not hide the next. The book
//! includes these files, so what the book shows is what the code prints. With
//! CI=true a changed or missing snapshot fails instead of being written.

mod common;

use dlfs::registry;
use dlfs::registry::run_one;
use dlfs::sections::Ctx;

/// Runs section `id` as `dlfs section ID --no-figures` would and compares its
/// output with `snapshots/ID.snap`. A data section without MNIST is skipped
/// (outside CI; see `common::have_mnist`).
fn check(id: &str) {
    let section = registry::section(id).expect("a section in the registry");
    if section.needs_data && !common::have_mnist() {
        return;
    }
    let mut out = Vec::new();
    run_one(section, &mut Ctx::text_only(&mut out)).expect("the section runs");
    let text = String::from_utf8(out).expect("utf-8 output");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(id, text));
}

macro_rules! snapshot {
    ($name:ident, $id:literal) => {
        #[test]
        fn $name() {
            check($id);
        }
    };
}

// One line per section of the registry (a test below holds this list to it).
snapshot!(s4_1, "4.1");
snapshot!(s4_1_2, "4.1.2");
snapshot!(s4_2_1, "4.2.1");
snapshot!(s4_2_2, "4.2.2");
snapshot!(s4_2_3, "4.2.3");
snapshot!(s4_2_4, "4.2.4");
snapshot!(s4_2_5, "4.2.5");
snapshot!(s4_3_1, "4.3.1");
snapshot!(s4_3_2, "4.3.2");
snapshot!(s4_3_3, "4.3.3");
snapshot!(s4_4, "4.4");
snapshot!(s4_4_1, "4.4.1");
snapshot!(s4_4_2, "4.4.2");
snapshot!(s4_4_3, "4.4.3");
snapshot!(s4_5_1, "4.5.1");
snapshot!(s4_5_2, "4.5.2");
snapshot!(s4_5_3, "4.5.3");
snapshot!(s4_5_4, "4.5.4");
snapshot!(s4_5_5, "4.5.5");

#[test]
fn there_is_one_snapshot_test_per_registered_section() {
    let source = include_str!("snapshots.rs");
    let listed: Vec<&str> = source
        .lines()
        .filter_map(|l| l.strip_prefix("snapshot!("))
        .filter_map(|l| l.split('"').nth(1))
        .collect();
    let registered: Vec<&str> = registry::SECTIONS.iter().map(|s| s.id).collect();
    assert_eq!(
        listed, registered,
        "tests/snapshots.rs lists one `snapshot!` per section, in order"
    );
}
