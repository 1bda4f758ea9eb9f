import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { PLAYGROUND_DIR } from './strapi';

export interface UploadedFile {
  id: number;
  url: string;
  name: string;
  hash: string;
  size: number;
}

const DAY_MS = 24 * 3600 * 1000;
const uploaded: UploadedFile[] = [];

/** Where the local upload provider keeps a file. */
export const storedPath = (file: { url: string }) => path.join(PLAYGROUND_DIR, 'public', file.url);

/**
 * A text file uploaded through the upload plugin (the local provider writes it under the
 * playground's public/uploads), dated `ageDays` ago. Every file is removed from disk after the suite.
 */
export const uploadTextFile = async (
  strapi: Core.Strapi,
  name: string,
  { contents = `content of ${name}`, ageDays = 0 }: { contents?: string; ageDays?: number } = {}
): Promise<UploadedFile> => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'maint-upload-'));
  const filepath = path.join(dir, name);
  writeFileSync(filepath, contents);
  try {
    const [file] = await strapi
      .plugin('upload')
      .service('upload')
      .upload({
        data: {},
        files: {
          filepath,
          originalFilename: name,
          mimetype: 'text/plain',
          size: statSync(filepath).size,
        },
      });
    if (ageDays > 0) {
      await strapi.db.query('plugin::upload.file').update({
        where: { id: file.id },
        data: { createdAt: new Date(Date.now() - ageDays * DAY_MS) },
      });
    }
    uploaded.push(file);
    return file as UploadedFile;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

afterAll(() => {
  for (const file of uploaded.splice(0)) rmSync(storedPath(file), { force: true });
});
