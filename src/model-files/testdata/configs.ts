/**
 * Model configs the tests read, once: the keys the estimate reads of each model's
 * config.json on the Hugging Face Hub.
 */

/** meta-llama/Meta-Llama-3-8B: 32 layers, 32 heads, 8 KV heads (GQA), 8,030,261,248 parameters. */
export const LLAMA3_8B = {
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  hidden_size: 4096,
  intermediate_size: 14336,
  num_attention_heads: 32,
  num_hidden_layers: 32,
  num_key_value_heads: 8,
  vocab_size: 128256,
  max_position_embeddings: 8192,
  tie_word_embeddings: false,
  torch_dtype: 'bfloat16',
} as const;
