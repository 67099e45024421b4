import { describe, expect, it } from 'vitest';
import { appStore } from '../../../app/app-context.ts';
import { draftStore, openInEditor, takeIncoming } from '../../../app/panels/editor/draft.ts';

describe('draft handoff', () => {
  it('openInEditor opens the editor panel with the text, taken once, in order', () => {
    expect(appStore.getState().panel).toBe('twin');
    openInEditor('a: 1\n', 'one.yaml');
    openInEditor('b: 2\n', 'two.yaml');
    expect(appStore.getState().panel).toBe('editor');
    expect(takeIncoming()).toEqual({ text: 'b: 2\n', file: 'two.yaml', seq: 2 });
    expect(takeIncoming()).toBeNull();
    expect(draftStore.getState().incoming).toBeNull();
  });
});
