//! One insta snapshot per section id, in the top-level `snapshots/` folder. The
//! book includes these files, so what the book shows is what the code prints.
//! With CI=true a changed or missing snapshot fails instead of being written.

mod common;

use dlfs::sections::{Ctx, SECTIONS, run_one};

fn section_text(id: &str) -> String {
    let section = SECTIONS
        .iter()
        .find(|s| s.id == id)
        .expect("a known section");
    let mut out = Vec::new();
    run_one(section, &mut Ctx::text_only(&mut out)).expect("the section runs");
    String::from_utf8(out).expect("utf-8 output")
}

#[test]
fn every_section_matches_its_snapshot() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let have_mnist = common::have_mnist();
    settings.bind(|| {
        for section in SECTIONS.iter().filter(|s| have_mnist || !s.needs_data()) {
            insta::assert_snapshot!(section.id, section_text(section.id));
        }
    });
}
