//! The review of a request after it is filed: who may approve (trust, gate), what happened and when (replay, timeline, timelines, history, order), the working-day clock (calendar), the front desk (intake) and the follow-up (sweep).

pub mod calendar;
pub mod gate;
pub mod history;
pub mod intake;
pub mod order;
pub mod replay;
pub mod sweep;
pub mod timeline;
pub mod timelines;
pub mod trust;
