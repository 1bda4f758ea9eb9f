// bcryptjs 2.4 ships no types; this is the part tests/helpers/admin.ts uses.
declare module 'bcryptjs' {
  const bcrypt: { hashSync(password: string, rounds: number): string };
  export default bcrypt;
}
