//! LLM guidance (placeholder until the guide lands).
