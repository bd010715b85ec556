//! Hostile and unusual files: each gets a clear diagnostic, never a panic;
//! files that are only unusual (BOM, CRLF) are accepted.

use crate::support::{Fixture, REQ, request_with, valid_request};

fn no_panic(run: &crate::support::Run) {
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn a_50_mb_file_is_refused_before_it_is_read() {
    let f = Fixture::base();
    let file = std::fs::File::create(f.path(REQ)).expect("create");
    file.set_len(50 * 1024 * 1024).expect("grow");
    let run = f.check(&[]);
    run.expect(1, &[("L003", 1, 1)]);
    assert_eq!(
        run.only().message,
        "file too large: 52428800 bytes, the limit is 1048576 bytes"
    );
}

#[test]
fn ten_thousand_levels_of_nesting_hit_a_limit() {
    let text = format!("layanan: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let run = Fixture::with_request(&text).check(&[]);
    no_panic(&run);
    assert_eq!(run.only().code, "L005");
    let block: String = (0..200).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
    let run = Fixture::with_request(&block).check(&[]);
    no_panic(&run);
    assert_eq!(run.only().code, "L005");
}

#[test]
fn an_alias_bomb_hits_a_limit() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let list = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{list}]\n"));
    }
    let run = Fixture::with_request(&text).check(&[]);
    no_panic(&run);
    assert_eq!(run.only().code, "L005");
}

#[test]
fn non_utf8_bytes_are_located() {
    let mut bytes = valid_request().into_bytes();
    let at = bytes.iter().position(|b| *b == b'S').expect("S of Situs");
    bytes[at] = 0xff;
    let f = Fixture::base();
    f.write(REQ, &bytes);
    let run = f.check(&[]);
    run.expect(1, &[("L002", 4, 9)]);
    assert!(
        run.only()
            .message
            .starts_with("file is not UTF-8 text (invalid byte at offset")
    );
}

#[test]
fn latin1_and_utf16_files_are_named_as_wrong_encodings() {
    let f = Fixture::base();
    f.write(REQ, b"tujuan: Situs r\xe9smi\n");
    f.check(&[]).expect(1, &[("L002", 1, 16)]);
    let utf16: Vec<u8> = "\u{feff}layanan: x\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    f.write(REQ, utf16);
    f.check(&[]).expect(1, &[("L002", 1, 1)]);
}

#[test]
fn tab_indentation_is_a_syntax_error_with_a_position() {
    let text = request_with("  nomor: 002/B/2026", "\tnomor: 002/B/2026");
    let run = Fixture::with_request(&text).check(&[]);
    let d = run.only();
    assert_eq!((d.code.as_str(), d.line), ("L004", 6));
}

#[test]
fn duplicate_keys_are_refused() {
    let text = format!("{}subdomain: gamma\n", valid_request());
    let run = Fixture::with_request(&text).check(&[]);
    let d = run.only();
    assert_eq!((d.code.as_str(), d.line), ("L004", 15));
    assert!(
        d.message.to_lowercase().contains("duplicate"),
        "{}",
        d.message
    );
}

#[test]
fn an_empty_or_blank_file_is_named() {
    Fixture::with_request("")
        .check(&[])
        .expect(1, &[("L006", 1, 1)]);
    Fixture::with_request("\n  \n")
        .check(&[])
        .expect(1, &[("L006", 1, 1)]);
}

#[test]
fn a_document_that_is_not_a_mapping() {
    Fixture::with_request("- a\n- b\n")
        .check(&[])
        .expect(1, &[("L010", 1, 1)]);
    Fixture::with_request("just text\n")
        .check(&[])
        .expect(1, &[("L010", 1, 1)]);
}

#[test]
fn a_symlink_out_of_the_repository_is_not_followed() {
    let f = Fixture::base();
    std::os::unix::fs::symlink("/etc/passwd", f.path(REQ)).expect("symlink");
    let run = f.check(&[]);
    run.expect(1, &[("L007", 1, 1)]);
    assert_eq!(
        run.only().message,
        format!(
            "{REQ} is not a regular file (a symbolic link); a request must be a plain YAML file"
        )
    );
}

/// Regression: a request file is opened without waiting for a writer, so a
/// FIFO named like one is refused, not waited on forever.
#[test]
fn a_fifo_named_like_a_request_is_refused_without_blocking() {
    let f = Fixture::base();
    let status = std::process::Command::new("mkfifo")
        .arg(f.path(REQ))
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let run = f.check(&[]);
    run.expect(1, &[("L007", 1, 1)]);
    assert_eq!(
        run.only().message,
        format!(
            "{REQ} is not a regular file (a special file); a request must be a plain YAML file"
        )
    );
}

/// A symbolic link to a directory is a link too, not the directory.
#[test]
fn a_symlink_to_a_directory_is_not_followed() {
    let f = Fixture::base();
    std::os::unix::fs::symlink(f.path("requests"), f.path(REQ)).expect("symlink");
    let run = f.check(&[]);
    run.expect(1, &[("L007", 1, 1)]);
    assert!(run.only().message.contains("a symbolic link"));
}

#[test]
fn a_directory_named_like_a_request() {
    let f = Fixture::base();
    std::fs::create_dir_all(f.path(REQ)).expect("mkdir");
    let run = f.check(&[]);
    run.expect(1, &[("L007", 1, 1)]);
    assert!(run.only().message.contains("a directory"));
}

#[test]
fn misnamed_request_files() {
    for path in [
        "requests/beta.yaml",
        "requests/dinas-b/2026-2-beta.yaml",
        "requests/dinas-b/2026-0002-beta.yml",
        "requests/dinas-b/sub/2026-0002-beta.yaml",
    ] {
        let f = Fixture::base();
        f.write(path, valid_request());
        let run = f.check(&[]);
        let d = run
            .diagnostics()
            .into_iter()
            .find(|d| d.code == "L008")
            .unwrap_or_else(|| panic!("{path}: {:?}", run.found()));
        assert_eq!((d.path.as_str(), d.line), (path, 1));
    }
}

#[test]
fn a_utf8_bom_is_accepted_with_positions_right() {
    let f = Fixture::with_request(&format!("\u{feff}{}", valid_request()));
    f.check(&[]).expect(0, &[]);
    f.write(
        REQ,
        format!(
            "\u{feff}{}",
            request_with("nomor: 002/B/2026", "nomor: \"\"")
        ),
    );
    f.check(&[]).expect(1, &[("L050", 6, 10)]);
}

#[test]
fn crlf_line_ends_are_accepted_with_positions_right() {
    let f = Fixture::with_request(&valid_request().replace('\n', "\r\n"));
    f.check(&[]).expect(0, &[]);
    f.write(
        REQ,
        request_with("nomor: 002/B/2026", "nomor: \"\"").replace('\n', "\r\n"),
    );
    f.check(&[]).expect(1, &[("L050", 6, 10)]);
    let human = f.run(&["check", "--today", "2026-11-23"]);
    assert!(
        human.stdout.contains("2026-0002-beta.yaml:6:10"),
        "{}",
        human.stdout
    );
}

#[test]
fn a_subdomain_cannot_smuggle_zone_lines() {
    let text = request_with(
        "subdomain: beta",
        "subdomain: \"beta\\n$INCLUDE /etc/passwd\"",
    );
    let codes = Fixture::with_request(&text).check(&[]).codes();
    assert!(codes.contains(&"L030".to_string()), "{codes:?}");
}

#[test]
fn a_hostile_loket_yaml_is_a_configuration_error() {
    let f = Fixture::base();
    f.write(
        "loket.yaml",
        format!("instansi: {}{}\n", "{a: ".repeat(5000), "}".repeat(5000)),
    );
    let run = f.check(&[]);
    no_panic(&run);
    assert_eq!(run.code, 2);
    assert_eq!(run.diagnostics()[0].code, "L005");
}

#[test]
fn thirty_two_thousand_unknown_keys_are_reported_fifty_and_counted() {
    let keys: String = (0..32_000)
        .map(|i| format!("kunci_asing_{i}: x\n"))
        .collect();
    let f = Fixture::with_request(&format!("{}{keys}", valid_request()));
    // Every finding stays in the machine formats.
    let json = f.check(&[]);
    assert_eq!(json.code, 1);
    assert_eq!(json.codes().len(), 32_000);
    // The human report shows the first 50 of the file, then one line.
    for (lang, more, tally) in [
        (
            "en",
            format!("… and 31950 more findings in {REQ} (all of them: --format json)"),
            "2 requests checked: 1 valid, 1 invalid; 32000 errors, 0 warnings",
        ),
        (
            "id",
            format!("… dan 31950 temuan lain di {REQ} (semuanya: --format json)"),
            "2 permohonan diperiksa: 1 valid, 1 tidak valid; 32000 galat, 0 peringatan",
        ),
    ] {
        let run = f.run(&["--lang", lang, "check", "--today", "2026-11-23"]);
        no_panic(&run);
        assert_eq!(run.code, 1);
        assert_eq!(run.stdout.matches("× L011").count(), 50, "{lang}");
        assert!(run.stdout.contains("`kunci_asing_49`"), "{lang}");
        assert!(!run.stdout.contains("`kunci_asing_50`"), "{lang}");
        // The last one shown is quoted at its own line.
        assert!(run.stdout.contains(&format!("╭─[{REQ}:64:1]")), "{lang}");
        let tail: Vec<&str> = run.stdout.trim_end().lines().rev().take(3).collect();
        assert_eq!(tail, [tally, "", more.as_str()], "{lang}");
    }
}
