// LLM module.
