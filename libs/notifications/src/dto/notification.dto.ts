import { PageQuery } from '@yunzhao/core';

export class InboxQuery extends PageQuery {}

export interface NotificationView {
  id: string;
  title: string;
  body: string;
  link: string | null;
  readAt: string | null;
  createdAt: string;
}

export interface InboxPage {
  items: NotificationView[];
  unread: number;
}
