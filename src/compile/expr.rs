//! Parser for the small condition language of rule files.
//!
//! ```text
//! expr   := or
//! or     := and ("or" and)*
//! and    := not ("and" not)*
//! not    := "not" not | cmp
//! cmp    := sum (("≥"|">="|">"|"<="|"≤"|"<"|"=="|"!=") sum)?
//!         | sum "in" list | sum ("has" | "has_any" | "has_all") (atom | list)
//! sum    := term (("+"|"-") term)*
//! term   := unary (("*"|"/") unary)*
//! unary  := "-" unary | atom
//! atom   := number ["%"] | date | ident | string | ident "(" args ")" | "(" expr ")"
//! list   := "[" atom ("," atom)* "]"
//! tier   := expr "=>" expr
//! ```
//! The parser only builds syntax; names are resolved against the vocabulary in `resolve`.

use crate::date::{format_date, parse_date};

#[derive(Debug, Clone, PartialEq)]
pub enum Ast {
    Num { value: f64, percent: bool },
    /// Days since 1970-01-01.
    Date(i32),
    Ident(String),
    Str(String),
    Call(String, Vec<Ast>),
    Bin(BinOp, Box<Ast>, Box<Ast>),
    Neg(Box<Ast>),
    Not(Box<Ast>),
    And(Vec<Ast>),
    Or(Vec<Ast>),
    In(Box<Ast>, Vec<Ast>),
    Has(Box<Ast>, Vec<Ast>, bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Ge,
    Gt,
    Le,
    Lt,
    Eq,
    Ne,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64, bool),
    Date(i32),
    Ident(String),
    Str(String),
    Op(&'static str),
}

fn lex(src: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.' || chars[i] == '_') {
                i += 1;
            }
            // A date: 2022-12-31.
            if i - start == 4
                && chars.get(i) == Some(&'-')
                && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())
            {
                let text: String = chars[start..(start + 10).min(chars.len())].iter().collect();
                let days = parse_date(&text).ok_or_else(|| format!("bad date literal `{text}` (write YYYY-MM-DD)"))?;
                out.push(Tok::Date(days));
                i = start + 10;
                continue;
            }
            let text: String = chars[start..i].iter().filter(|c| **c != '_').collect();
            let value: f64 = text.parse().map_err(|_| format!("bad number `{text}`"))?;
            let percent = chars.get(i) == Some(&'%');
            if percent {
                i += 1;
            }
            out.push(Tok::Num(value, percent));
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == '.') {
                i += 1;
            }
            out.push(Tok::Ident(chars[start..i].iter().collect()));
            continue;
        }
        if c == '"' || c == '\'' {
            let start = i + 1;
            i += 1;
            while i < chars.len() && chars[i] != c {
                i += 1;
            }
            if i >= chars.len() {
                return Err("unterminated string".into());
            }
            out.push(Tok::Str(chars[start..i].iter().collect()));
            i += 1;
            continue;
        }
        let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
        let op: &'static str = match two.as_str() {
            ">=" => ">=",
            "<=" => "<=",
            "==" => "==",
            "!=" => "!=",
            "=>" => "=>",
            _ => "",
        };
        if !op.is_empty() {
            out.push(Tok::Op(op));
            i += 2;
            continue;
        }
        let op: &'static str = match c {
            '≥' => ">=",
            '≤' => "<=",
            '>' => ">",
            '<' => "<",
            '+' => "+",
            '-' => "-",
            '*' => "*",
            '/' => "/",
            '(' => "(",
            ')' => ")",
            '[' => "[",
            ']' => "]",
            ',' => ",",
            _ => return Err(format!("unexpected character `{c}`")),
        };
        out.push(Tok::Op(op));
        i += 1;
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

pub fn parse(src: &str) -> Result<Ast, String> {
    let mut p = Parser { toks: lex(src)?, pos: 0 };
    let e = p.or()?;
    if p.pos != p.toks.len() {
        return Err(format!("unexpected `{}` after a complete expression", p.show()));
    }
    Ok(e)
}

/// `condition => value`
pub fn parse_tier(src: &str) -> Result<(Ast, Ast), String> {
    let mut p = Parser { toks: lex(src)?, pos: 0 };
    let c = p.or()?;
    if !p.eat("=>") {
        return Err("a tier is written `condition => value`".into());
    }
    let v = p.or()?;
    if p.pos != p.toks.len() {
        return Err(format!("unexpected `{}` after the tier's value", p.show()));
    }
    Ok((c, v))
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn show(&self) -> String {
        match self.peek() {
            None => "end of expression".into(),
            Some(Tok::Num(v, p)) => format!("{v}{}", if *p { "%" } else { "" }),
            Some(Tok::Date(d)) => format_date(*d),
            Some(Tok::Ident(s)) => s.clone(),
            Some(Tok::Str(s)) => format!("\"{s}\""),
            Some(Tok::Op(o)) => (*o).into(),
        }
    }
    fn eat(&mut self, op: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Op(o)) if *o == op) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn eat_word(&mut self, w: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Ident(s)) if s == w) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, op: &str) -> Result<(), String> {
        if self.eat(op) {
            Ok(())
        } else {
            Err(format!("expected `{op}`, found `{}`", self.show()))
        }
    }
    fn or(&mut self) -> Result<Ast, String> {
        let mut v = vec![self.and()?];
        while self.eat_word("or") {
            v.push(self.and()?);
        }
        Ok(if v.len() == 1 { v.pop().unwrap_or(Ast::Ident(String::new())) } else { Ast::Or(v) })
    }
    fn and(&mut self) -> Result<Ast, String> {
        let mut v = vec![self.not()?];
        while self.eat_word("and") {
            v.push(self.not()?);
        }
        Ok(if v.len() == 1 { v.pop().unwrap_or(Ast::Ident(String::new())) } else { Ast::And(v) })
    }
    fn not(&mut self) -> Result<Ast, String> {
        if self.eat_word("not") {
            return Ok(Ast::Not(Box::new(self.not()?)));
        }
        self.cmp()
    }
    fn cmp(&mut self) -> Result<Ast, String> {
        let lhs = self.sum()?;
        let op = match self.peek() {
            Some(Tok::Op(">=")) => BinOp::Ge,
            Some(Tok::Op(">")) => BinOp::Gt,
            Some(Tok::Op("<=")) => BinOp::Le,
            Some(Tok::Op("<")) => BinOp::Lt,
            Some(Tok::Op("==")) => BinOp::Eq,
            Some(Tok::Op("!=")) => BinOp::Ne,
            Some(Tok::Ident(w)) if w == "in" => {
                self.pos += 1;
                let list = self.list()?;
                return Ok(Ast::In(Box::new(lhs), list));
            }
            Some(Tok::Ident(w)) if w == "has" || w == "has_any" || w == "has_all" => {
                let all = w == "has_all";
                self.pos += 1;
                let list = if matches!(self.peek(), Some(Tok::Op("["))) { self.list()? } else { vec![self.atom()?] };
                return Ok(Ast::Has(Box::new(lhs), list, all));
            }
            _ => return Ok(lhs),
        };
        self.pos += 1;
        let rhs = self.sum()?;
        Ok(Ast::Bin(op, Box::new(lhs), Box::new(rhs)))
    }
    fn list(&mut self) -> Result<Vec<Ast>, String> {
        self.expect("[")?;
        let mut v = vec![self.atom()?];
        while self.eat(",") {
            if matches!(self.peek(), Some(Tok::Op("]"))) {
                break;
            }
            v.push(self.atom()?);
        }
        self.expect("]")?;
        Ok(v)
    }
    fn sum(&mut self) -> Result<Ast, String> {
        let mut lhs = self.term()?;
        loop {
            let op = if self.eat("+") {
                BinOp::Add
            } else if self.eat("-") {
                BinOp::Sub
            } else {
                return Ok(lhs);
            };
            let rhs = self.term()?;
            lhs = Ast::Bin(op, Box::new(lhs), Box::new(rhs));
        }
    }
    fn term(&mut self) -> Result<Ast, String> {
        let mut lhs = self.unary()?;
        loop {
            let op = if self.eat("*") {
                BinOp::Mul
            } else if self.eat("/") {
                BinOp::Div
            } else {
                return Ok(lhs);
            };
            let rhs = self.unary()?;
            lhs = Ast::Bin(op, Box::new(lhs), Box::new(rhs));
        }
    }
    fn unary(&mut self) -> Result<Ast, String> {
        if self.eat("-") {
            return Ok(Ast::Neg(Box::new(self.unary()?)));
        }
        self.atom()
    }
    fn atom(&mut self) -> Result<Ast, String> {
        let Some(tok) = self.toks.get(self.pos).cloned() else {
            return Err("expression ends too early".into());
        };
        self.pos += 1;
        match tok {
            Tok::Num(value, percent) => Ok(Ast::Num { value, percent }),
            Tok::Date(d) => Ok(Ast::Date(d)),
            Tok::Str(s) => Ok(Ast::Str(s)),
            Tok::Ident(name) => {
                if self.eat("(") {
                    let mut args = Vec::new();
                    if !self.eat(")") {
                        args.push(self.or()?);
                        while self.eat(",") {
                            args.push(self.or()?);
                        }
                        self.expect(")")?;
                    }
                    Ok(Ast::Call(name, args))
                } else {
                    Ok(Ast::Ident(name))
                }
            }
            Tok::Op("(") => {
                let e = self.or()?;
                self.expect(")")?;
                Ok(e)
            }
            Tok::Op(o) => Err(format!("unexpected `{o}`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_and_literals() {
        let e = parse("a >= 5% and not b or c in [x, y]").unwrap();
        match e {
            Ast::Or(v) => {
                assert!(matches!(&v[0], Ast::And(a) if a.len() == 2));
                assert!(matches!(&v[1], Ast::In(_, l) if l.len() == 2));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(parse("1 + 2 * 3").unwrap(), Ast::Bin(BinOp::Add, Box::new(Ast::Num { value: 1.0, percent: false }), Box::new(Ast::Bin(BinOp::Mul, Box::new(Ast::Num { value: 2.0, percent: false }), Box::new(Ast::Num { value: 3.0, percent: false })))));
        assert_eq!(parse("d >= 2022-01-01").unwrap(), Ast::Bin(BinOp::Ge, Box::new(Ast::Ident("d".into())), Box::new(Ast::Date(parse_date("2022-01-01").unwrap()))));
    }

    #[test]
    fn errors_are_messages_not_panics() {
        for bad in ["a >=", "(a", "a b", "x in [", "2022-13-01 > d", "a & b", "\"open"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(parse_tier("a >= 1 => 5").is_ok());
        assert!(parse_tier("a >= 1").is_err());
    }

    #[test]
    fn dates_round_trip() {
        for s in ["1970-01-01", "2000-02-29", "2022-12-31", "2023-02-28"] {
            assert_eq!(format_date(parse_date(s).unwrap()), s);
        }
        assert_eq!(parse_date("1970-01-02"), Some(1));
        assert!(parse_date("2021-02-29").is_none());
    }
}
