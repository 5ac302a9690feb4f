import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@yunzhao/audit';
import { ErrorCode, Role } from '@yunzhao/contracts';
import { AppException, ValidationFailedException } from '@yunzhao/core';
import {
  describeRule,
  EligibilityRule,
  LocalizedText,
  parseEligibilityRule,
} from '@yunzhao/domain';
import { DisciplineEntity } from '@yunzhao/reference-data';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  CampaignCategoryEntity,
  CampaignEntity,
  CampaignStatus,
  PostEntity,
} from './campaign.entity';
import {
  AddCategoryDto,
  CreateCampaignDto,
  CreatePostDto,
  UpdateCampaignDto,
  UpdateCategoryDto,
  UpdatePostDto,
} from './dto/campaign.dto';
import { isForeignKeyViolation, isUniqueViolation, refuseOnViolation } from '@yunzhao/db';

export interface CategoryView {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  sortOrder: number;
  posts: number;
  quota: number;
}

export interface CampaignView {
  id: string;
  name: string;
  description: string;
  announcement: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
  interviewStartsAt: string | null;
  interviewEndsAt: string | null;
  status: CampaignStatus;
  eligibilityRule: EligibilityRule;
  eligibilityRuleText: LocalizedText;
  /** Whether applications are accepted right now (status open and inside the window). */
  registrationOpen: boolean;
  categories?: CategoryView[];
}

export interface PostView {
  id: string;
  campaignId: string;
  categoryId: string;
  code: string;
  title: string;
  quota: number;
  degreeLevels: string[];
  disciplines: string[];
  requirements: string;
}

/** Roles that manage campaigns and see drafts. */
export const CAMPAIGN_MANAGERS: Role[] = ['hr', 'admin'];

export function isRegistrationOpen(campaign: CampaignEntity, now = new Date()): boolean {
  return (
    campaign.status === 'open' &&
    campaign.registrationOpensAt.getTime() <= now.getTime() &&
    now.getTime() < campaign.registrationClosesAt.getTime()
  );
}

export function toCampaignView(campaign: CampaignEntity): CampaignView {
  return {
    id: campaign.id,
    name: campaign.name,
    description: campaign.description,
    announcement: campaign.announcement,
    registrationOpensAt: campaign.registrationOpensAt.toISOString(),
    registrationClosesAt: campaign.registrationClosesAt.toISOString(),
    interviewStartsAt: campaign.interviewStartsAt?.toISOString() ?? null,
    interviewEndsAt: campaign.interviewEndsAt?.toISOString() ?? null,
    status: campaign.status,
    eligibilityRule: campaign.eligibilityRule,
    eligibilityRuleText: describeRule(campaign.eligibilityRule),
    registrationOpen: isRegistrationOpen(campaign),
  };
}

export function toPostView(post: PostEntity): PostView {
  return {
    id: post.id,
    campaignId: post.campaignId,
    categoryId: post.categoryId,
    code: post.code,
    title: post.title,
    quota: post.quota,
    degreeLevels: post.degreeLevels,
    disciplines: post.disciplines,
    requirements: post.requirements,
  };
}

function notFound(): AppException {
  return new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
}

/**
 * What still refers to one category: its posts (and their quota and applications) by id, and,
 * by the category's code within its campaign (no foreign key), interview sessions, question
 * sets, scoring rubrics and score publications.
 */
interface CategoryUse {
  posts: number;
  quota: number;
  applications: number;
  sessions: number;
  questionSets: number;
  rubrics: number;
  publications: number;
}

/** Whether anything still refers to the category (applications imply posts). */
function categoryInUse(use: CategoryUse): boolean {
  return (
    use.posts > 0 ||
    use.sessions > 0 ||
    use.questionSets > 0 ||
    use.rubrics > 0 ||
    use.publications > 0
  );
}

@Injectable()
export class CampaignsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  private checkRule(input: unknown): EligibilityRule {
    const parsed = parseEligibilityRule(input);
    if (!parsed.ok) {
      throw new ValidationFailedException([
        {
          field: 'eligibilityRule',
          constraints: [{ name: 'isEligibilityRule', args: [parsed.problems] }],
        },
      ]);
    }
    return parsed.rule;
  }

  private checkWindows(campaign: CampaignEntity): void {
    const bad = (field: string) =>
      new ValidationFailedException([{ field, constraints: [{ name: 'isDateRange', args: [] }] }]);
    if (campaign.registrationOpensAt >= campaign.registrationClosesAt)
      throw bad('registrationClosesAt');
    const { interviewStartsAt: starts, interviewEndsAt: ends } = campaign;
    if ((starts === null) !== (ends === null) || (starts && ends && starts >= ends))
      throw bad('interviewEndsAt');
  }

  async list(roles: Role[]): Promise<CampaignView[]> {
    const manager = roles.some((role) => CAMPAIGN_MANAGERS.includes(role));
    const campaigns = await this.dataSource.getRepository(CampaignEntity).find({
      where: manager ? {} : { status: In(['open', 'closed']) },
      order: { registrationOpensAt: 'DESC' },
    });
    return campaigns.map(toCampaignView);
  }

  async get(id: string, roles: Role[]): Promise<CampaignView> {
    const campaign = await this.findVisible(id, roles);
    const categories = await this.dataSource.query<
      {
        id: string;
        code: string;
        name_zh: string;
        name_en: string;
        sort_order: number;
        posts: string;
        quota: string;
      }[]
    >(
      `SELECT c.id, c.code, c.name_zh, c.name_en, c.sort_order,
              count(p.id) AS posts, coalesce(sum(p.quota), 0) AS quota
         FROM campaign_categories c LEFT JOIN posts p ON p.category_id = c.id
        WHERE c.campaign_id = $1
        GROUP BY c.id ORDER BY c.sort_order, c.code`,
      [id],
    );
    return {
      ...toCampaignView(campaign),
      categories: categories.map((c) => ({
        id: c.id,
        code: c.code,
        nameZh: c.name_zh,
        nameEn: c.name_en,
        sortOrder: c.sort_order,
        posts: Number(c.posts),
        quota: Number(c.quota),
      })),
    };
  }

  /** A campaign the caller may see: managers see all, others only open or closed ones. */
  async findVisible(id: string, roles: Role[]): Promise<CampaignEntity> {
    const campaign = await this.dataSource.getRepository(CampaignEntity).findOneBy({ id });
    const manager = roles.some((role) => CAMPAIGN_MANAGERS.includes(role));
    if (!campaign || (!manager && (campaign.status === 'draft' || campaign.status === 'archived')))
      throw notFound();
    return campaign;
  }

  async create(input: CreateCampaignDto, actor: string): Promise<CampaignView> {
    const rule = this.checkRule(input.eligibilityRule);
    return this.dataSource.transaction(async (tx) => {
      const campaign = tx.create(CampaignEntity, {
        name: input.name.trim(),
        description: input.description ?? '',
        announcement: input.announcement ?? '',
        registrationOpensAt: new Date(input.registrationOpensAt),
        registrationClosesAt: new Date(input.registrationClosesAt),
        interviewStartsAt: input.interviewStartsAt ? new Date(input.interviewStartsAt) : null,
        interviewEndsAt: input.interviewEndsAt ? new Date(input.interviewEndsAt) : null,
        status: input.status ?? 'draft',
        eligibilityRule: rule,
      });
      this.checkWindows(campaign);
      const saved = await tx.save(campaign);
      await this.audit.record(
        {
          actor,
          action: 'campaign.create',
          subject: `campaign:${saved.id}`,
          details: { name: saved.name, status: saved.status },
        },
        tx,
      );
      return toCampaignView(saved);
    });
  }

  async update(id: string, input: UpdateCampaignDto, actor: string): Promise<CampaignView> {
    const rule = input.eligibilityRule == null ? undefined : this.checkRule(input.eligibilityRule);
    return this.dataSource.transaction(async (tx) => {
      const campaign = await tx.findOne(CampaignEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!campaign) throw notFound();
      const before = { status: campaign.status, eligibilityRule: campaign.eligibilityRule };
      if (input.name != null) campaign.name = input.name.trim();
      if (input.description != null) campaign.description = input.description;
      if (input.announcement != null) campaign.announcement = input.announcement;
      if (input.registrationOpensAt)
        campaign.registrationOpensAt = new Date(input.registrationOpensAt);
      if (input.registrationClosesAt)
        campaign.registrationClosesAt = new Date(input.registrationClosesAt);
      if (input.interviewStartsAt) campaign.interviewStartsAt = new Date(input.interviewStartsAt);
      if (input.interviewEndsAt) campaign.interviewEndsAt = new Date(input.interviewEndsAt);
      if (input.status) campaign.status = input.status;
      if (rule) campaign.eligibilityRule = rule;
      this.checkWindows(campaign);
      const saved = await tx.save(campaign);
      await this.audit.record(
        {
          actor,
          action: 'campaign.update',
          subject: `campaign:${id}`,
          details: {
            fields: Object.keys(input),
            before: {
              status: before.status,
              eligibilityRule: JSON.parse(JSON.stringify(before.eligibilityRule)),
            },
            after: {
              status: saved.status,
              eligibilityRule: JSON.parse(JSON.stringify(saved.eligibilityRule)),
            },
          },
        },
        tx,
      );
      return toCampaignView(saved);
    });
  }

  async addCategory(
    campaignId: string,
    input: AddCategoryDto,
    actor: string,
  ): Promise<CategoryView> {
    return this.dataSource.transaction(async (tx) => {
      await this.lockCampaign(tx, campaignId);
      const reference = await tx.findOneBy(DisciplineEntity, {
        code: input.code,
        level: 'category',
      });
      if (!reference) throw notFound();
      const saved = await refuseOnViolation(
        () =>
          tx.save(
            tx.create(CampaignCategoryEntity, {
              campaignId,
              code: input.code,
              nameZh: reference.nameZh,
              nameEn: reference.nameEn,
              sortOrder: input.sortOrder ?? Number(input.code),
            }),
          ),
        isUniqueViolation,
        () => new AppException(ErrorCode.Conflict, HttpStatus.CONFLICT),
      );
      await this.audit.record(
        {
          actor,
          action: 'campaign.category_add',
          subject: `campaign:${campaignId}`,
          details: { code: input.code },
        },
        tx,
      );
      return { ...saved, posts: 0, quota: 0 };
    });
  }

  /**
   * Everything that refers to one category, counted in one query; each count walks an index
   * (posts by category, applications by post, the others by campaign, sessions by campaign only).
   */
  private async categoryUse(
    tx: EntityManager,
    category: Pick<CampaignCategoryEntity, 'id' | 'campaignId' | 'code'>,
  ): Promise<CategoryUse> {
    const [row] = await tx.query<Record<keyof CategoryUse, string>[]>(
      `SELECT (SELECT count(*) FROM posts WHERE category_id = $1) AS posts,
              (SELECT coalesce(sum(quota), 0) FROM posts WHERE category_id = $1) AS quota,
              (SELECT count(*) FROM applications a JOIN posts p ON p.id = a.post_id
                WHERE p.category_id = $1) AS applications,
              (SELECT count(*) FROM interview_sessions
                WHERE campaign_id = $2 AND category_code = $3) AS sessions,
              (SELECT count(*) FROM question_sets
                WHERE campaign_id = $2 AND category_code = $3) AS "questionSets",
              (SELECT count(*) FROM scoring_rubrics
                WHERE campaign_id = $2 AND category_code = $3) AS rubrics,
              (SELECT count(*) FROM score_publications
                WHERE campaign_id = $2 AND category_code = $3) AS publications`,
      [category.id, category.campaignId, category.code],
    );
    return {
      posts: Number(row.posts),
      quota: Number(row.quota),
      applications: Number(row.applications),
      sessions: Number(row.sessions),
      questionSets: Number(row.questionSets),
      rubrics: Number(row.rubrics),
      publications: Number(row.publications),
    };
  }

  async updateCategory(
    campaignId: string,
    categoryId: string,
    input: UpdateCategoryDto,
    actor: string,
  ): Promise<CategoryView> {
    const blank = (field: string) =>
      new ValidationFailedException([{ field, constraints: [{ name: 'isNotEmpty', args: [] }] }]);
    const nameZh = input.nameZh?.trim();
    const nameEn = input.nameEn?.trim();
    if (nameZh === '') throw blank('nameZh');
    if (nameEn === '') throw blank('nameEn');
    return this.dataSource.transaction(async (tx) => {
      // FOR NO KEY UPDATE: a rename keeps the code, so it need not wait for the sessions,
      // rubrics and question sets being created for it (they hold the row FOR KEY SHARE).
      const category = await tx.findOne(CampaignCategoryEntity, {
        where: { id: categoryId, campaignId },
        lock: { mode: 'for_no_key_update' },
      });
      if (!category) throw notFound();
      const before = { nameZh: category.nameZh, nameEn: category.nameEn };
      if (nameZh !== undefined) category.nameZh = nameZh;
      if (nameEn !== undefined) category.nameEn = nameEn;
      if (input.sortOrder != null) category.sortOrder = input.sortOrder;
      const saved = await tx.save(category);
      await this.audit.record(
        {
          actor,
          action: 'campaign.category_update',
          subject: `campaign:${campaignId}`,
          details: {
            categoryId,
            code: saved.code,
            fields: Object.keys(input),
            before,
            after: { nameZh: saved.nameZh, nameEn: saved.nameEn },
          },
        },
        tx,
      );
      const { posts, quota } = await this.categoryUse(tx, saved);
      return {
        id: saved.id,
        code: saved.code,
        nameZh: saved.nameZh,
        nameEn: saved.nameEn,
        sortOrder: saved.sortOrder,
        posts,
        quota,
      };
    });
  }

  /**
   * Removes a category that nothing refers to. A category with posts (and so possibly
   * applications), or whose code interview sessions, question sets, rubrics or score
   * publications of the campaign still carry, is refused with 409 IN_USE and the counts,
   * never deleted from under them. (Its code cannot change: the PATCH takes names and order.)
   */
  async removeCategory(campaignId: string, categoryId: string, actor: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      // The campaign lock orders this against createPost, which takes the same lock. Sessions,
      // question sets and rubrics name the category by code: their writers lock the campaign
      // and then this category FOR KEY SHARE before writing (lockCategoryCodes). Locking both
      // here FOR UPDATE, in that order, before counting: a writer that locked first holds this
      // deletion up until it commits, and its row is then counted; a writer that comes later
      // waits for this deletion, then finds no category.
      await this.lockCampaign(tx, campaignId);
      const category = await tx.findOne(CampaignCategoryEntity, {
        where: { id: categoryId, campaignId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!category) throw notFound();
      const use = await this.categoryUse(tx, category);
      if (categoryInUse(use)) {
        const { posts, applications, sessions, questionSets, rubrics, publications } = use;
        throw new AppException(ErrorCode.InUse, HttpStatus.CONFLICT, {
          posts,
          applications,
          sessions,
          questionSets,
          rubrics,
          publications,
        });
      }
      await refuseOnViolation(
        () => tx.delete(CampaignCategoryEntity, { id: categoryId }),
        isForeignKeyViolation,
        () => new AppException(ErrorCode.InUse, HttpStatus.CONFLICT),
      );
      await this.audit.record(
        {
          actor,
          action: 'campaign.category_remove',
          subject: `campaign:${campaignId}`,
          details: { code: category.code },
        },
        tx,
      );
    });
  }

  async listPosts(
    campaignId: string,
    roles: Role[],
    query: { categoryId?: string; limit: number; offset: number },
  ): Promise<{ total: number; items: PostView[] }> {
    await this.findVisible(campaignId, roles);
    const [rows, total] = await this.dataSource.getRepository(PostEntity).findAndCount({
      where: { campaignId, ...(query.categoryId ? { categoryId: query.categoryId } : {}) },
      order: { code: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return { total, items: rows.map(toPostView) };
  }

  async createPost(campaignId: string, input: CreatePostDto, actor: string): Promise<PostView> {
    return this.dataSource.transaction(async (tx) => {
      await this.lockCampaign(tx, campaignId);
      const category = await tx.findOneBy(CampaignCategoryEntity, {
        id: input.categoryId,
        campaignId,
      });
      if (!category) throw notFound();
      const saved = await refuseOnViolation(
        () =>
          tx.save(
            tx.create(PostEntity, {
              campaignId,
              categoryId: category.id,
              code: input.code,
              title: input.title.trim(),
              quota: input.quota,
              degreeLevels: input.degreeLevels ?? [],
              disciplines: input.disciplines ?? [],
              requirements: input.requirements ?? '',
            }),
          ),
        isUniqueViolation,
        () => new AppException(ErrorCode.Conflict, HttpStatus.CONFLICT),
      );
      await this.audit.record(
        {
          actor,
          action: 'campaign.post_create',
          subject: `post:${saved.id}`,
          details: { campaignId, code: saved.code },
        },
        tx,
      );
      return toPostView(saved);
    });
  }

  async updatePost(
    campaignId: string,
    postId: string,
    input: UpdatePostDto,
    actor: string,
  ): Promise<PostView> {
    return this.dataSource.transaction(async (tx) => {
      const post = await tx.findOneBy(PostEntity, { id: postId, campaignId });
      if (!post) throw notFound();
      if (input.categoryId != null) {
        const category = await tx.findOneBy(CampaignCategoryEntity, {
          id: input.categoryId,
          campaignId,
        });
        if (!category) throw notFound();
        post.categoryId = category.id;
      }
      if (input.title != null) post.title = input.title.trim();
      if (input.quota != null) post.quota = input.quota;
      if (input.degreeLevels != null) post.degreeLevels = input.degreeLevels;
      if (input.disciplines != null) post.disciplines = input.disciplines;
      if (input.requirements != null) post.requirements = input.requirements;
      const saved = await tx.save(post);
      await this.audit.record(
        {
          actor,
          action: 'campaign.post_update',
          subject: `post:${postId}`,
          details: { fields: Object.keys(input) },
        },
        tx,
      );
      return toPostView(saved);
    });
  }

  async removePost(campaignId: string, postId: string, actor: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const post = await tx.findOneBy(PostEntity, { id: postId, campaignId });
      if (!post) throw notFound();
      await refuseOnViolation(
        () => tx.delete(PostEntity, { id: postId }),
        isForeignKeyViolation,
        () => new AppException(ErrorCode.InUse, HttpStatus.CONFLICT),
      );
      await this.audit.record(
        {
          actor,
          action: 'campaign.post_remove',
          subject: `post:${postId}`,
          details: { campaignId, code: post.code },
        },
        tx,
      );
    });
  }

  private async lockCampaign(tx: EntityManager, id: string): Promise<CampaignEntity> {
    const campaign = await tx.findOne(CampaignEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!campaign) throw notFound();
    return campaign;
  }
}
