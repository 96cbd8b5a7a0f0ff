import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { captureLogs } from '../conversations/testSupport.ts';
import { classifierFromConfig } from './classifierFromConfig.ts';

describe('the classifier configuration', () => {
  it('enables the model when GRIOT_LLM_MODEL is set with a base URL or an API key', () => {
    expect(loadConfig({ GRIOT_LLM_MODEL: 'qwen2.5-7b', OPENAI_BASE_URL: 'http://vllm:8000/v1/' }).llm).toEqual({ model: 'qwen2.5-7b', baseURL: 'http://vllm:8000/v1' });
    expect(loadConfig({ GRIOT_LLM_MODEL: 'gpt-4.1-mini', OPENAI_API_KEY: 'sk-test' }).llm).toEqual({ model: 'gpt-4.1-mini', apiKey: 'sk-test' });
  });

  it('leaves it off when any part is missing (empty counts as unset)', () => {
    expect(loadConfig({}).llm).toBeUndefined();
    expect(loadConfig({ GRIOT_LLM_MODEL: 'm' }).llm).toBeUndefined();
    expect(loadConfig({ OPENAI_BASE_URL: 'http://vllm:8000/v1', OPENAI_API_KEY: 'k' }).llm).toBeUndefined();
    expect(loadConfig({ GRIOT_LLM_MODEL: ' ', OPENAI_API_KEY: 'k' }).llm).toBeUndefined();
  });

  it('refuses a base URL that is not http(s), naming the variable', () => {
    expect(() => loadConfig({ GRIOT_LLM_MODEL: 'm', OPENAI_BASE_URL: 'vllm:8000' })).toThrow(ConfigError);
    expect(() => loadConfig({ OPENAI_BASE_URL: 'ftp://x/v1' })).toThrow(/OPENAI_BASE_URL/);
  });

  it('says once at start which classifier answers, without the key', () => {
    const logs = captureLogs();
    expect(classifierFromConfig({}, logs.logger)).toBeUndefined();
    expect(classifierFromConfig({ llm: { model: 'm', baseURL: 'http://user:pw@vllm:8000/v1', apiKey: 'sk-secret' } }, logs.logger)).toBeTypeOf('function');
    const lines = logs.lines.map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({ event: 'classifier.configured', classifier: 'fallback' }),
      expect.objectContaining({ event: 'classifier.configured', classifier: 'llm', model: 'm', host: 'vllm:8000' }),
    ]);
    expect(logs.lines.join('')).not.toMatch(/sk-secret|pw@/);
  });
});
