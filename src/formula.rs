//! Formulas of computed items (Ceq = C+Mn/6+(Cr+V+Mo)/5+(Cu+Ni)/15, Rm/ReL, N+P2O5+K2O),
//! evaluated in exact decimals from unrounded inputs.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

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

    /// Evaluate with `lookup` giving each referenced value. Errors name what is missing or
    /// a division by zero.
    pub fn evaluate(&self, lookup: &dyn Fn(&str) -> Option<Decimal>) -> Result<Decimal, String> {
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

fn eval(e: &Expr, lookup: &dyn Fn(&str) -> Option<Decimal>) -> Result<Decimal, String> {
    let overflow = || "计算结果超出范围".to_string();
    match e {
        Expr::Number(n) => Ok(*n),
        Expr::Ref(name) => lookup(name).ok_or_else(|| format!("缺少“{name}”的数值")),
        Expr::Neg(inner) => Ok(-eval(inner, lookup)?),
        Expr::Binary(a, op, b) => {
            let x = eval(a, lookup)?;
            let y = eval(b, lookup)?;
            match op {
                Op::Add => x.checked_add(y).ok_or_else(overflow),
                Op::Sub => x.checked_sub(y).ok_or_else(overflow),
                Op::Mul => x.checked_mul(y).ok_or_else(overflow),
                Op::Div => {
                    if y.is_zero() {
                        Err("除数为零".into())
                    } else {
                        x.checked_div(y).ok_or_else(overflow)
                    }
                }
            }
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    chars: &'a [char],
    pos: usize,
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

    fn expr(&mut self) -> Result<Expr, FormulaError> {
        let mut left = self.term()?;
        while let Some(c) = self.peek() {
            let op = match c {
                '+' => Op::Add,
                '-' => Op::Sub,
                _ => break,
            };
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
                Ok(Expr::Neg(Box::new(self.factor()?)))
            }
            Some('(') => {
                self.pos += 1;
                let inner = self.expr()?;
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
        let vals = |n: &str| -> Option<Decimal> {
            Some(d(match n {
                "C" => "0.22",
                "Mn" => "1.38",
                "Cr" => "0.05",
                "V" => "0.03",
                "Mo" => "0.01",
                "Cu" => "0.02",
                "Ni" => "0.01",
                _ => return None,
            }))
        };
        let ceq = f.evaluate(&vals).unwrap();
        // 0.22 + 0.23 + 0.018 + 0.002 = 0.470
        assert_eq!(ceq.round_dp(10), d("0.47"));
    }

    #[test]
    fn precedence_and_unary_minus() {
        let f = Formula::parse("2 + 3 * -4").unwrap();
        assert_eq!(f.evaluate(&|_| None).unwrap(), d("-10"));
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
            .evaluate(&|n| if n == "Rm" {
                Some(d("1"))
            } else {
                Some(Decimal::ZERO)
            })
            .unwrap_err()
            .contains("除数为零"));
    }
}
