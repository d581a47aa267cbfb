import { MigrationInterface, QueryRunner } from 'typeorm';
import { TrigramSignatures1764700000000 } from './1764700000000-trigram-signatures';

// A similar topic is now told by distinctive words (1765100000000-topic-words), not by trigram
// similarity: the signatures that spared similarity() its hopeless rows cost every write and serve
// nothing. Undone, they come back as 1764700000000 made them.
export class RetireTrigramSignatures1765300000000 implements MigrationInterface {
  name = 'RetireTrigramSignatures1765300000000';
  private readonly signatures = new TrigramSignatures1764700000000();

  up(q: QueryRunner): Promise<void> {
    return this.signatures.down(q);
  }

  down(q: QueryRunner): Promise<void> {
    return this.signatures.up(q);
  }
}
