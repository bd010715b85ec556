//! Reading an instance: its files (load, revision), YAML with positions (yaml, source), decoding into the model (decode) and the findings on them (diagnostic).

pub mod decode;
pub mod diagnostic;
pub mod load;
pub mod revision;
pub mod source;
pub mod yaml;
