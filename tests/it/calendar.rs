//! `loket calendar` and the instance's `kalender.yaml`.

use crate::support::Fixture;

#[test]
fn add_between_and_list_answer_as_the_readme_says() {
    let f = Fixture::base();
    assert_eq!(
        f.run(&["calendar", "add", "2026-05-13", "3"]).stdout,
        "2026-05-20\n"
    );
    assert_eq!(
        f.run(&["calendar", "between", "2026-05-13", "2026-05-20"])
            .stdout,
        "3\n"
    );
    let list = f.run(&["calendar", "list", "2026"]).stdout;
    assert_eq!(list.lines().count(), 21);
    assert!(
        list.contains("2026-05-14  Kamis   libur-nasional  Kenaikan Yesus Kristus"),
        "{list}"
    );
    assert!(
        list.contains("2026-05-15  Jumat   cuti-bersama    Cuti bersama Kenaikan Yesus Kristus"),
        "{list}"
    );
}

#[test]
fn a_year_without_data_is_an_error_not_a_weekend_count() {
    let run = Fixture::base().run(&["calendar", "add", "2027-01-04", "1"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no holiday data for 2027"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("kalender.yaml"), "{}", run.stderr);
}

#[test]
fn kalender_yaml_adds_regional_days_and_new_years() {
    let f = Fixture::base();
    f.write(
        "kalender.yaml",
        "tahun: [2027]\nlibur:\n  - {tanggal: 2026-05-18, jenis: libur-daerah, nama: Hari Jadi Kabupaten Contoh}\n  - {tanggal: 2027-01-01, jenis: libur-nasional, nama: Tahun Baru 2027 Masehi}\nhapus: [2026-05-15]\n",
    );
    // 14 May off; 15 May is now a working day; 18 May is regional.
    assert_eq!(
        f.run(&["calendar", "add", "2026-05-13", "3"]).stdout,
        "2026-05-20\n"
    );
    assert_eq!(
        f.run(&["calendar", "add", "2026-12-31", "1"]).stdout,
        "2027-01-04\n"
    );
    f.check(&[]).expect(0, &[]);
}

#[test]
fn a_broken_kalender_yaml_is_a_configuration_error() {
    let f = Fixture::base();
    f.write(
        "kalender.yaml",
        "libur:\n  - {tanggal: 2026-06-02, jenis: libur-daerah, nama: A}\n  - {tanggal: 2026-06-02, jenis: libur-daerah, nama: B}\n  - {tanggal: 2026-06-31, jenis: libur-daerah, nama: C}\n  - {tanggal: 2026-07-01, jenis: daerah, nama: D}\nhapus: [2026-06-03]\n",
    );
    let run = f.check(&[]);
    run.expect(
        2,
        &[
            ("L098", 3, 15),
            ("L051", 4, 15),
            ("L013", 5, 34),
            ("L099", 6, 9),
        ],
    );
    assert_eq!(run.diagnostics()[0].path, "kalender.yaml");
    let run = f.run(&["calendar", "add", "2026-06-01", "1"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("L098"), "{}", run.stderr);
}
