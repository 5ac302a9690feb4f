import { useFeatureText } from '../../i18n';

/**
 * Words of the category and post editing on the campaign page (the rest of the page uses
 * the registration dictionary). zh-CN defines the keys; en must have the same (TypeScript checks).
 */
const zhCN = {
  'edit.edit': '编辑',
  'edit.delete': '删除',
  'edit.save': '保存修改',
  'edit.cancel': '取消',
  'edit.editPost': '编辑岗位 {code}',
  'edit.requirements': '其他要求',
  'edit.saved': '岗位 {code} 已保存。',
  'edit.confirmTitle': '确认删除',
  'edit.confirmPost': '确定删除岗位 {code}（{title}）吗？删除后不可恢复。',
  'edit.confirmCategory': '确定从本次招聘中移除学科门类“{name}”吗？删除后不可恢复。',
  'edit.confirmDelete': '确认删除',
  'edit.deletedPost': '岗位 {code} 已删除。',
  'edit.deletedCategory': '学科门类 {name} 已删除。',
  'edit.deletePostFailed': '无法删除岗位 {code}：{message}',
  'edit.deleteCategoryFailed': '无法删除学科门类 {name}：{message}',
  'edit.postInUse': '已有考生报名该岗位。可修改岗位信息，或在审核中处理其报名。',
  'edit.categoryInUse': '该门类下仍有岗位或报名，请先删除或调整这些岗位。',
  'edit.categoryInUseCounts': '该门类仍被使用：{uses}。请先删除或调整这些内容。',
  'edit.use.posts': '{n} 个岗位',
  'edit.use.applications': '{n} 份报名',
  'edit.use.sessions': '{n} 个面试场次',
  'edit.use.questionSets': '{n} 套题本',
  'edit.use.rubrics': '{n} 张评分表',
  'edit.use.publications': '{n} 条已公布成绩',
  'edit.use.separator': '、',
  'edit.editCategory': '编辑学科门类 {code}',
  'edit.nameZh': '中文名称',
  'edit.nameEn': '英文名称',
  'edit.sortOrder': '排序（数字小的在前）',
  'edit.savedCategory': '学科门类 {name} 已保存。',
};

export type CampaignsTextKey = keyof typeof zhCN;

const en: Record<CampaignsTextKey, string> = {
  'edit.edit': 'Edit',
  'edit.delete': 'Delete',
  'edit.save': 'Save changes',
  'edit.cancel': 'Cancel',
  'edit.editPost': 'Edit post {code}',
  'edit.requirements': 'Other requirements',
  'edit.saved': 'Post {code} saved.',
  'edit.confirmTitle': 'Confirm deletion',
  'edit.confirmPost': 'Delete post {code} ({title})? This cannot be undone.',
  'edit.confirmCategory':
    'Remove the discipline category {name} from this campaign? This cannot be undone.',
  'edit.confirmDelete': 'Delete',
  'edit.deletedPost': 'Post {code} deleted.',
  'edit.deletedCategory': 'Discipline category {name} deleted.',
  'edit.deletePostFailed': 'Post {code} cannot be deleted: {message}',
  'edit.deleteCategoryFailed': 'Category {name} cannot be deleted: {message}',
  'edit.postInUse':
    'Candidates have applied to this post. Edit the post instead, or handle its applications in review.',
  'edit.categoryInUse':
    'This category still has posts or applications; delete or change those posts first.',
  'edit.categoryInUseCounts':
    'This category is still in use: {uses}. Delete or change these first.',
  'edit.use.posts': '{n} post(s)',
  'edit.use.applications': '{n} application(s)',
  'edit.use.sessions': '{n} interview session(s)',
  'edit.use.questionSets': '{n} question set(s)',
  'edit.use.rubrics': '{n} rubric(s)',
  'edit.use.publications': '{n} published score(s)',
  'edit.use.separator': ', ',
  'edit.editCategory': 'Edit discipline category {code}',
  'edit.nameZh': 'Chinese name',
  'edit.nameEn': 'English name',
  'edit.sortOrder': 'Order (lower first)',
  'edit.savedCategory': 'Discipline category {name} saved.',
};

const dictionaries = { 'zh-CN': zhCN, en } as const;

export function useCampaignsText() {
  const { t: ct } = useFeatureText<CampaignsTextKey>(dictionaries);
  return { ct };
}
