//! Formulas of computed items (Ceq = C+Mn/6+(Cr+V+Mo)/5+(Cu+Ni)/15, Rm/ReL, N+P2O5+K2O),
//! evaluated in exact decimals from unrounded inputs.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::exact::{Bounded, OUT_OF_RANGE};
use crate::number::parse_decimal;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Expr {
    Number(Decimal),
    Ref(String),
    Neg(Box<Expr>),
    Binary(Box<Expr>, Op, Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

/// A parse error with the character position (from 1) in the formula text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("公式“{text}”第 {position} 个字符处有误：{reason}")]
pub struct FormulaError {
    pub text: String,
    pub position: usize,
    pub reason: String,
}

/// A parsed formula with its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Formula {
    pub text: String,
    pub expr: Expr,
}

impl Formula {
    pub fn parse(text: &str) -> Result<Formula, FormulaError> {
        let chars: Vec<char> = text.chars().collect();
        let mut p = Parser {
            text,
            chars: &chars,
            pos: 0,
            nesting: 0,
            operators: 0,
        };
        let expr = p.expr()?;
        p.skip_ws();
        if p.pos != chars.len() {
            return Err(p.error("多余的内容（expected an operator）"));
        }
        Ok(Formula {
            text: text.to_string(),
            expr,
        })
    }

    /// The names the formula refers to, sorted.
    pub fn references(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        collect_refs(&self.expr, &mut out);
        out
    }

    /// Evaluate with `lookup` giving each referenced value (exact, or within bounds when it was
    /// computed itself). The result is exact when it can be held, otherwise a value with proven
    /// bounds (Mn/6); errors name what is missing, a division by zero or an overflow.
    pub fn evaluate(&self, lookup: &dyn Fn(&str) -> Option<Bounded>) -> Result<Bounded, String> {
        eval(&self.expr, lookup)
    }
}

fn collect_refs(e: &Expr, out: &mut BTreeSet<String>) {
    match e {
        Expr::Number(_) => {}
        Expr::Ref(name) => {
            out.insert(name.clone());
        }
        Expr::Neg(inner) => collect_refs(inner, out),
        Expr::Binary(a, _, b) => {
            collect_refs(a, out);
            collect_refs(b, out);
        }
    }
}

fn eval(e: &Expr, lookup: &dyn Fn(&str) -> Option<Bounded>) -> Result<Bounded, String> {
    let overflow = || OUT_OF_RANGE.to_string();
    match e {
        Expr::Number(n) => Ok(Bounded::exact(*n)),
        Expr::Ref(name) => lookup(name).ok_or_else(|| format!("缺少“{name}”的数值")),
        Expr::Neg(inner) => Ok(-eval(inner, lookup)?),
        Expr::Binary(a, op, b) => {
            let x = eval(a, lookup)?;
            let y = eval(b, lookup)?;
            match op {
                Op::Add => x.checked_add(y).ok_or_else(overflow),
                Op::Sub => x.checked_sub(y).ok_or_else(overflow),
                Op::Mul => x.checked_mul(y).ok_or_else(overflow),
                Op::Div => x.checked_div(y),
            }
        }
    }
}

/// Brackets and unary minus signs nested deeper than this are refused (no standard needs more).
const MAX_NESTING: usize = 32;
/// Operators in one formula; Ceq has 8.
const MAX_OPERATORS: usize = 256;

struct Parser<'a> {
    text: &'a str,
    chars: &'a [char],
    pos: usize,
    /// Brackets and unary minus signs open at `pos`.
    nesting: usize,
    operators: usize,
}

impl Parser<'_> {
    fn error(&self, reason: &str) -> FormulaError {
        FormulaError {
            text: self.text.to_string(),
            position: self.pos + 1,
            reason: reason.to_string(),
        }
    }

    fn skip_ws(&mut self) {
        while self.pos < self.chars.len() && self.chars[self.pos].is_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_ws();
        self.chars.get(self.pos).copied()
    }

    /// Count one more binary operator; refuse a formula with too many.
    fn operator(&mut self) -> Result<(), FormulaError> {
        self.operators += 1;
        if self.operators > MAX_OPERATORS {
            return Err(self.error(&format!(
                "公式过长，运算符超过 {MAX_OPERATORS} 个（too many operators）"
            )));
        }
        Ok(())
    }

    /// Parse a factor one level deeper; refuse nesting past [`MAX_NESTING`].
    fn nested(
        &mut self,
        inner: fn(&mut Self) -> Result<Expr, FormulaError>,
    ) -> Result<Expr, FormulaError> {
        if self.nesting >= MAX_NESTING {
            return Err(self.error(&format!(
                "括号或负号嵌套超过 {MAX_NESTING} 层（nested too deeply）"
            )));
        }
        self.nesting += 1;
        let out = inner(self);
        self.nesting -= 1;
        out
    }

    fn expr(&mut self) -> Result<Expr, FormulaError> {
        let mut left = self.term()?;
        while let Some(c) = self.peek() {
            let op = match c {
                '+' => Op::Add,
                '-' => Op::Sub,
                _ => break,
            };
            self.operator()?;
            self.pos += 1;
            let right = self.term()?;
            left = Expr::Binary(Box::new(left), op, Box::new(right));
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, FormulaError> {
        let mut left = self.factor()?;
        while let Some(c) = self.peek() {
            let op = match c {
                '*' | '×' => Op::Mul,
                '/' | '÷' => Op::Div,
                _ => break,
            };
            self.operator()?;
            self.pos += 1;
            let right = self.factor()?;
            left = Expr::Binary(Box::new(left), op, Box::new(right));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<Expr, FormulaError> {
        match self.peek() {
            None => Err(self.error("公式不完整（expected a value）")),
            Some('-') => {
                self.pos += 1;
                Ok(Expr::Neg(Box::new(self.nested(Self::factor)?)))
            }
            Some('(') => {
                self.pos += 1;
                let inner = self.nested(Self::expr)?;
                if self.peek() != Some(')') {
                    return Err(self.error("缺少右括号“)”"));
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(c) if c.is_ascii_digit() || c == '.' => {
                let start = self.pos;
                while self.pos < self.chars.len()
                    && (self.chars[self.pos].is_ascii_digit() || self.chars[self.pos] == '.')
                {
                    self.pos += 1;
                }
                let s: String = self.chars[start..self.pos].iter().collect();
                parse_decimal(&s).map(Expr::Number).map_err(|e| {
                    self.pos = start;
                    self.error(&e.reason)
                })
            }
            Some(c) if c.is_alphabetic() || c == '_' => {
                let start = self.pos;
                while self.pos < self.chars.len()
                    && (self.chars[self.pos].is_alphanumeric() || self.chars[self.pos] == '_')
                {
                    self.pos += 1;
                }
                Ok(Expr::Ref(self.chars[start..self.pos].iter().collect()))
            }
            Some(c) => Err(self.error(&format!("不认识的字符“{c}”"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        parse_decimal(s).unwrap()
    }

    #[test]
    fn carbon_equivalent_is_exact() {
        let f = Formula::parse("C + Mn/6 + (Cr+V+Mo)/5 + (Cu+Ni)/15").unwrap();
        assert_eq!(
            f.references().into_iter().collect::<Vec<_>>(),
            ["C", "Cr", "Cu", "Mn", "Mo", "Ni", "V"]
        );
        let vals = |n: &str| -> Option<Bounded> {
            Some(Bounded::exact(d(match n {
                "C" => "0.22",
                "Mn" => "1.38",
                "Cr" => "0.05",
                "V" => "0.03",
                "Mo" => "0.01",
                "Cu" => "0.02",
                "Ni" => "0.01",
                _ => return None,
            })))
        };
        let ceq = f.evaluate(&vals).unwrap();
        // 0.22 + 0.23 + 0.018 + 0.002 = 0.470, exactly.
        assert!(ceq.is_exact(), "{ceq:?}");
        assert_eq!(ceq.value, d("0.47"));
    }

    #[test]
    fn precedence_and_unary_minus() {
        let f = Formula::parse("2 + 3 * -4").unwrap();
        assert_eq!(f.evaluate(&|_| None).unwrap(), Bounded::exact(d("-10")));
    }

    #[test]
    fn errors_are_positioned() {
        let e = Formula::parse("C + (Mn/6").unwrap_err();
        assert!(e.reason.contains("右括号"), "{e}");
        assert_eq!(e.position, 10);
        let e = Formula::parse("C + $").unwrap_err();
        assert_eq!(e.position, 5);
        let e = Formula::parse("C Mn").unwrap_err();
        assert_eq!(e.position, 3);
        assert!(Formula::parse("").is_err());
        let f = Formula::parse("Rm / ReL").unwrap();
        assert!(f
            .evaluate(&|n| Some(Bounded::exact(if n == "Rm" {
                d("1")
            } else {
                Decimal::ZERO
            })))
            .unwrap_err()
            .contains("除数为零"));
    }

    #[test]
    fn divisions_that_do_not_end_carry_bounds() {
        let f = Formula::parse("Mn/6").unwrap();
        let v = f.evaluate(&|_| Some(Bounded::exact(d("1.39")))).unwrap();
        assert!(!v.is_exact());
        assert!(v.lo < v.hi, "{v:?}");
        assert_eq!(v.value.round_dp(4), d("0.2317"));
    }

    #[test]
    fn arithmetic_past_the_decimal_range_is_refused() {
        let big = Bounded::exact(Decimal::MAX);
        let f = Formula::parse("A * 2").unwrap();
        assert!(f.evaluate(&|_| Some(big)).unwrap_err().contains("超出"));
        let f = Formula::parse("A + 1").unwrap();
        assert!(f.evaluate(&|_| Some(big)).unwrap_err().contains("超出"));
        // 1e20 + 1e-20 needs 41 digits: refused, not rounded to 1e20 — but as bounds, so judged
        // only when the difference cannot matter.
        let f = Formula::parse("A + 0.00000000000000000001").unwrap();
        let v = f
            .evaluate(&|_| Some(Bounded::exact(d("100000000000000000000"))))
            .unwrap();
        assert!(!v.is_exact() && v.lo < v.hi, "{v:?}");
        // A constant with more places than a Decimal holds is refused, not rounded.
        let e = Formula::parse("A * 0.12345678901234567890123456789").unwrap_err();
        assert!(e.reason.contains("28"), "{e}");
    }

    #[test]
    fn deep_nesting_and_long_formulas_are_refused_not_overflowing_the_stack() {
        let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
        let e = Formula::parse(&deep).unwrap_err();
        assert!(e.reason.contains("嵌套"), "{e}");
        let minus = format!("{}1", "-".repeat(100_000));
        assert!(Formula::parse(&minus).unwrap_err().reason.contains("嵌套"));
        let long = vec!["1"; 100_000].join("+");
        let e = Formula::parse(&long).unwrap_err();
        assert!(e.reason.contains("运算符"), "{e}");
        assert!(Formula::parse(&vec!["A"; 200].join("+")).is_ok());
    }
}
