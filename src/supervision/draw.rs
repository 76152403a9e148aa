//! Drawing enterprises for a spot-check task ("双随机"): at random from those in scope,
//! weighted by credit class (C more often than B, B more than A), blacklisted enterprises
//! always included, those sampled for the same product inside the repeat window left out
//! ("禁止重复抽查"). The generator is ChaCha8 seeded from the recorded seed, and the draw uses
//! only integer arithmetic, so the same seed on the same enterprise file gives the same draw on
//! any machine, years later (SUPERVISION.md, "Selection").

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

pub use crate::model::task::DrawWeights;
use crate::model::CreditClass;

/// An enterprise as the draw sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub credit_code: String,
    pub class: CreditClass,
    pub blacklisted: bool,
    /// Sampled for the same product inside the repeat window.
    pub recently_sampled: bool,
}

/// What a draw chose and why each was left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drawn {
    /// Blacklisted enterprises first (always included), then the draw in order.
    pub chosen: Vec<String>,
    /// Left out because they were sampled for this product inside the window.
    pub repeat: Vec<String>,
}

/// Draw `count` enterprises from `candidates` (in any order: they are sorted by credit code
/// first, so the enterprise file's order does not change the draw). Blacklisted enterprises
/// count towards `count` but are always included, even beyond it.
pub fn draw(candidates: &[Candidate], weights: DrawWeights, count: usize, seed: u64) -> Drawn {
    let mut pool: Vec<&Candidate> = candidates.iter().collect();
    pool.sort_by(|a, b| a.credit_code.cmp(&b.credit_code));
    pool.dedup_by(|a, b| a.credit_code == b.credit_code);
    let repeat: Vec<String> = pool
        .iter()
        .filter(|c| c.recently_sampled)
        .map(|c| c.credit_code.clone())
        .collect();
    pool.retain(|c| !c.recently_sampled);
    let mut chosen: Vec<String> = pool
        .iter()
        .filter(|c| c.blacklisted)
        .map(|c| c.credit_code.clone())
        .collect();
    let mut rest: Vec<(&Candidate, u64)> = pool
        .iter()
        .filter(|c| !c.blacklisted)
        .map(|c| (*c, u64::from(weights.of(c.class))))
        .filter(|(_, w)| *w > 0)
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    while chosen.len() < count && !rest.is_empty() {
        let total: u64 = rest.iter().map(|(_, w)| w).sum();
        let mut ticket = below(&mut rng, total);
        let at = rest
            .iter()
            .position(|(_, w)| {
                if ticket < *w {
                    true
                } else {
                    ticket -= w;
                    false
                }
            })
            .unwrap_or(0);
        chosen.push(rest.remove(at).0.credit_code.clone());
    }
    Drawn { chosen, repeat }
}

/// A uniform integer in `0..n` without modulo bias (rejection sampling); 0 when `n` is 0.
fn below(rng: &mut ChaCha8Rng, n: u64) -> u64 {
    if n == 0 {
        return 0;
    }
    let zone = u64::MAX - (u64::MAX % n);
    loop {
        let x = rng.next_u64();
        if x < zone {
            return x % n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool() -> Vec<Candidate> {
        let mut out = Vec::new();
        for i in 0..30 {
            let class = [CreditClass::A, CreditClass::B, CreditClass::C][i % 3];
            out.push(Candidate {
                credit_code: format!("E{i:02}"),
                class,
                blacklisted: i == 7,
                recently_sampled: i == 4,
            });
        }
        out
    }

    #[test]
    fn the_same_seed_gives_the_same_draw_whatever_the_file_order() {
        let a = draw(&pool(), DrawWeights::default(), 6, 42);
        let mut reversed = pool();
        reversed.reverse();
        assert_eq!(draw(&reversed, DrawWeights::default(), 6, 42), a);
        assert_ne!(
            draw(&pool(), DrawWeights::default(), 6, 43).chosen,
            a.chosen
        );
        assert_eq!(a.chosen.len(), 6);
    }

    #[test]
    fn blacklisted_always_in_a_never_recent_left_out() {
        let d = draw(&pool(), DrawWeights::default(), 6, 7);
        assert_eq!(d.chosen[0], "E07", "the blacklisted enterprise comes first");
        assert_eq!(d.repeat, vec!["E04".to_string()]);
        assert!(!d.chosen.contains(&"E04".to_string()));
        let classes: Vec<usize> = d.chosen[1..]
            .iter()
            .map(|c| c[1..].parse::<usize>().unwrap() % 3)
            .collect();
        assert!(
            !classes.contains(&0),
            "class A has weight 0: {:?}",
            d.chosen
        );
    }

    #[test]
    fn class_c_is_drawn_about_three_times_as_often_as_b() {
        // One draw of one from a B and a C, over many seeds: C wins about 3 in 4.
        let two = vec![
            Candidate {
                credit_code: "B".into(),
                class: CreditClass::B,
                blacklisted: false,
                recently_sampled: false,
            },
            Candidate {
                credit_code: "C".into(),
                class: CreditClass::C,
                blacklisted: false,
                recently_sampled: false,
            },
        ];
        let c_wins = (0..4000)
            .filter(|s| draw(&two, DrawWeights::default(), 1, *s).chosen == ["C"])
            .count();
        assert!((2850..3150).contains(&c_wins), "{c_wins} of 4000");
    }
}
