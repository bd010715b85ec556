//! Survei Kepuasan Masyarakat (PermenPAN-RB 14/2017): nine elements
//! answered 1–4; the index (IKM) is the mean of the elements' average
//! scores (NRR) times 25, graded A–D. Only numbers are published, never who
//! answered.

use serde::Serialize;

/// The nine elements (unsur), in order.
pub const ELEMENTS: [&str; 9] = [
    "Persyaratan",
    "Sistem, mekanisme, dan prosedur",
    "Waktu penyelesaian",
    "Biaya/tarif",
    "Produk spesifikasi jenis pelayanan",
    "Kompetensi pelaksana",
    "Perilaku pelaksana",
    "Penanganan pengaduan, saran dan masukan",
    "Sarana dan prasarana",
];

/// The index of a set of responses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Index {
    /// How many responses.
    pub responses: usize,
    /// The average score (NRR) of each element, 1–4.
    pub nrr: [f64; 9],
    /// IKM, 25–100.
    pub ikm: f64,
    /// Mutu pelayanan: A, B, C or D.
    pub grade: char,
}

/// The grade of an IKM: A 88.31–100, B 76.61–88.30, C 65.00–76.60, D 25.00–64.99.
pub fn grade(ikm: f64) -> char {
    // Compare at two decimals, as the bands are written.
    let v = (ikm * 100.0).round() / 100.0;
    if v >= 88.31 {
        'A'
    } else if v >= 76.61 {
        'B'
    } else if v >= 65.0 {
        'C'
    } else {
        'D'
    }
}

/// The index of `responses` (each nine answers 1–4); `None` for none.
pub fn index(responses: &[[u8; 9]]) -> Option<Index> {
    if responses.is_empty() {
        return None;
    }
    let n = responses.len() as f64;
    let mut nrr = [0.0; 9];
    for (i, slot) in nrr.iter_mut().enumerate() {
        *slot = responses.iter().map(|r| f64::from(r[i])).sum::<f64>() / n;
    }
    // Each element weighs 1/9: IKM = sum(NRR × 1/9) × 25.
    let ikm = nrr.iter().map(|v| v / 9.0).sum::<f64>() * 25.0;
    Some(Index {
        responses: responses.len(),
        nrr,
        ikm,
        grade: grade(ikm),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_responses_match_the_hand_computation() {
        // 30 responses: 12 answer all 4, 10 answer all 3, 5 answer 3 except a
        // 2 for waktu penyelesaian, 3 answer all 2.
        let mut r = Vec::new();
        r.extend(std::iter::repeat_n([4; 9], 12));
        r.extend(std::iter::repeat_n([3; 9], 10));
        r.extend(std::iter::repeat_n([3, 3, 2, 3, 3, 3, 3, 3, 3], 5));
        r.extend(std::iter::repeat_n([2; 9], 3));
        let i = index(&r).expect("index");
        // By hand: every element but the third sums 12*4 + 15*3 + 3*2 = 99,
        // NRR 3.3; the third sums 48 + 30 + 10 + 6 = 94, NRR 3.1333.
        // IKM = (8 * 3.3 + 3.1333) / 9 * 25 = 29.5333 / 9 * 25 = 82.037.
        assert!((i.nrr[0] - 3.3).abs() < 1e-9);
        assert!((i.nrr[2] - 94.0 / 30.0).abs() < 1e-9);
        assert!((i.ikm - 82.037_037).abs() < 1e-5, "{}", i.ikm);
        assert_eq!((i.responses, i.grade), (30, 'B'));
    }

    #[test]
    fn grade_bands() {
        assert_eq!(grade(100.0), 'A');
        assert_eq!(grade(88.31), 'A');
        assert_eq!(grade(88.30), 'B');
        assert_eq!(grade(76.61), 'B');
        assert_eq!(grade(76.60), 'C');
        assert_eq!(grade(65.0), 'C');
        assert_eq!(grade(64.99), 'D');
        assert_eq!(index(&[]), None);
    }
}
