import { NatsNames } from './nats-names';

describe('NatsNames.parseTaskSubject', () => {
  const names = new NatsNames('hl.test');

  it('reads org, app and endpoint back from the delivery and retry subjects it builds', () => {
    const ids = { orgId: 'org_1', appId: 'app_2', endpointId: 'ep_3' };
    expect(names.parseTaskSubject(names.delivery(ids.orgId, ids.appId, ids.endpointId))).toEqual(ids);
    expect(names.parseTaskSubject(names.retry(ids.orgId, ids.appId, ids.endpointId))).toEqual(ids);
  });

  it('refuses subjects of another kind, shape or root', () => {
    expect(names.parseTaskSubject(names.attempt('org_1', 'app_2', 'ep_3'))).toBeUndefined();
    expect(names.parseTaskSubject(names.message('org_1', 'app_2'))).toBeUndefined();
    expect(names.parseTaskSubject('hl.test.delivery.org_1.app_2')).toBeUndefined();
    expect(names.parseTaskSubject(new NatsNames('other').delivery('org_1', 'app_2', 'ep_3'))).toBeUndefined();
  });
});
