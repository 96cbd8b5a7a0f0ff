import { create } from 'zustand';

/** A test case another panel asked to show (a refused promotion, the publish dialog): the Tests panel opens it. */
interface TestsFocus {
  name: string | null;
  focus(name: string): void;
  clear(): void;
}

export const useTestsFocus = create<TestsFocus>((set) => ({
  name: null,
  focus: (name) => set({ name }),
  clear: () => set({ name: null }),
}));
