/** Resolves with the work's value, or with 'time-up' if it takes longer than `ms`. */
export const within = async <T>(work: Promise<T>, ms: number): Promise<T | 'time-up'> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<'time-up'>((resolve) => {
        timer = setTimeout(() => resolve('time-up'), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};
