//! A profile value as it arrives from outside (JSON file, JS object, rule
//! test case, CSV cell) before it is checked against the vocabulary.
//!
//! Deserialises from any self-describing serde format, so the same code reads
//! `serde_json` natively and JS values through `serde-wasm-bindgen`. Nesting is
//! bounded so a hostile document cannot exhaust the stack.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    List(Vec<Input>),
    /// Only ever an error for a fact value; kept so the message can say so.
    Object,
}

impl Input {
    pub fn describe(&self) -> &'static str {
        match self {
            Input::Null => "null",
            Input::Bool(_) => "true/false",
            Input::Num(_) => "a number",
            Input::Str(_) => "text",
            Input::List(_) => "a list",
            Input::Object => "an object",
        }
    }
}

/// A profile as given: fact name → value, in the order given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawProfile(pub Vec<(String, Input)>);

struct InputVisitor;

impl<'de> Visitor<'de> for InputVisitor {
    type Value = Input;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a fact value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Input, E> {
        Ok(Input::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Input, E> {
        Ok(Input::Num(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Input, E> {
        Ok(Input::Num(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Input, E> {
        Ok(Input::Num(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Input, E> {
        Ok(Input::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Input, E> {
        Ok(Input::Str(v))
    }
    fn visit_unit<E>(self) -> Result<Input, E> {
        Ok(Input::Null)
    }
    fn visit_none<E>(self) -> Result<Input, E> {
        Ok(Input::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Input, D::Error> {
        d.deserialize_any(InputVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Input, A::Error> {
        // A fact holds a flat list of values; anything nested is refused.
        let mut v = Vec::new();
        while let Some(item) = seq.next_element::<Scalar>()? {
            if v.len() >= 256 {
                return Err(de::Error::custom("a list of more than 256 values"));
            }
            v.push(item.0);
        }
        Ok(Input::List(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Input, A::Error> {
        while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
        Ok(Input::Object)
    }
}

impl<'de> Deserialize<'de> for Input {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Input, D::Error> {
        d.deserialize_any(InputVisitor)
    }
}

/// A list element: scalars only.
struct Scalar(Input);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Input;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text or number value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Input, E> {
                Ok(Input::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Input, E> {
                Ok(Input::Num(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Input, E> {
                Ok(Input::Num(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Input, E> {
                Ok(Input::Num(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Input, E> {
                Ok(Input::Str(v.to_owned()))
            }
            fn visit_unit<E>(self) -> Result<Input, E> {
                Ok(Input::Null)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Input, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(Input::Object)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Input, A::Error> {
                while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
                Ok(Input::Object)
            }
        }
        d.deserialize_any(V).map(Scalar)
    }
}

impl<'de> Deserialize<'de> for RawProfile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawProfile, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawProfile;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a profile: an object of fact name → value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawProfile, A::Error> {
                let mut v = Vec::new();
                while let Some(k) = map.next_key::<String>()? {
                    if v.len() >= 10_000 {
                        return Err(de::Error::custom("a profile of more than 10000 entries"));
                    }
                    // A value that cannot be read at all: say whose it is.
                    let val = map.next_value::<Input>().map_err(|e| de::Error::custom(format!("`{}`: {e}", k.chars().take(60).collect::<String>())))?;
                    v.push((k, val));
                }
                Ok(RawProfile(v))
            }
            fn visit_unit<E>(self) -> Result<RawProfile, E> {
                Ok(RawProfile::default())
            }
        }
        d.deserialize_map(V)
    }
}
