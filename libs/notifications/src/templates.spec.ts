import { formatBeijingTime, renderNotification, UnknownTemplateError } from './templates';

describe('notification templates', () => {
  const payload = {
    sessionId: '5b0c6a52-7a35-4c62-9f1f-3f3e2b0c9a11',
    title: '工学类第 1 场',
    startsAt: '2020-06-12T00:30:00.000Z',
    endsAt: '2020-06-12T04:00:00.000Z',
    role: 'examiner',
    displayName: '张考官',
    link: '/schedule/5b0c6a52-7a35-4c62-9f1f-3f3e2b0c9a11',
    earlyJoinMinutes: 30,
    changed: false,
  };

  it('formats times in Beijing time', () => {
    expect(formatBeijingTime('2020-06-12T16:05:00Z')).toBe('2020-06-13 00:05');
  });

  it('writes an invitation with role, time and an absolute join link', () => {
    const message = renderNotification('session.invitation', payload, 'https://zp.example.cn/');
    expect(message.subject).toBe('面试邀请：工学类第 1 场');
    expect(message.text).toContain('张考官，您好');
    expect(message.text).toContain('以“考官”身份');
    expect(message.text).toContain('2020-06-12 08:30 至 2020-06-12 12:00（北京时间）');
    expect(message.text).toContain(`https://zp.example.cn${payload.link}`);
    expect(message.link).toBe(payload.link);
  });

  it('words a changed session as a change notice', () => {
    const message = renderNotification(
      'session.invitation',
      { ...payload, changed: true },
      'http://127.0.0.1:3000',
    );
    expect(message.subject).toBe('面试安排变更：工学类第 1 场');
    expect(message.text).toContain('安排有变更');
  });

  it('refuses an unknown template or a payload that does not fit it', () => {
    expect(() => renderNotification('nope', payload, 'http://x')).toThrow(UnknownTemplateError);
    expect(() =>
      renderNotification('session.invitation', { title: 'x' }, 'http://127.0.0.1'),
    ).toThrow(UnknownTemplateError);
  });
});
