import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One university of the 985 / 211 / double first-class lists. */
@Entity({ name: 'universities' })
export class UniversityEntity {
  @PrimaryColumn({ name: 'name_zh', type: 'text' })
  nameZh: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  @Column({ name: 'is_985', type: 'boolean' })
  is985: boolean;

  @Column({ name: 'is_211', type: 'boolean' })
  is211: boolean;

  @Column({ name: 'is_double_first_class', type: 'boolean' })
  isDoubleFirstClass: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A category (2-digit) or first-level discipline (4-digit) of the 2022 graduate catalogue. */
@Entity({ name: 'disciplines' })
export class DisciplineEntity {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  level: 'category' | 'discipline';

  @Column({ name: 'name_zh', type: 'text' })
  nameZh: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  @Column({ name: 'category_code', type: 'text' })
  categoryCode: string;
}
