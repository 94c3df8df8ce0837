# Regenerates the hostile partner events from the partner fixtures: python3 deploy/seed/hostile/make.py
import copy, json, os
H = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(H, '../../..')
def fx(path):
    return copy.deepcopy(json.load(open(os.path.join(ROOT, 'connectors/partners', path)))['event'])
out, wrong_topic = [], []
def add(lst, e, expect, eid):
    e['id'] = eid
    e['_expect'] = expect
    lst.append(e)

# A case of Guangzhou (origin HK) set to REJECTED by 1823, naming a service that is not the case's.
e = fx('hk/fixtures/hk-dpo/hk.gov.case.status-changed.v1.json')
e.update(source='urn:gba:hk:1823', subject='case-0012', time='2026-02-10T10:00:00+08:00')
e['data'].update(caseId='case-0012', serviceId='svc-hk-1823-enquiry', status='REJECTED', statusChangedAt='2026-02-10T10:00:00+08:00')
e['data'].pop('personalData', None)
add(out, e, 'NOT_AUTHORISED_FOR_RECORD: 1823 (an enquiry hotline) on case-0012 with another service', 'hostile-01')
# ITIB closing a GD/MO case no Hong Kong body handles.
e = fx('hk/fixtures/hk-dpo/hk.gov.case.status-changed.v1.json')
e.update(source='urn:gba:hk:itib', subject='case-0016', time='2026-02-10T10:00:00+08:00')
e['data'].update(caseId='case-0016', serviceId='svc-gd-yuexinrong-validation', status='COMPLETED', statusChangedAt='2026-02-10T10:00:00+08:00')
e['data'].pop('personalData', None)
add(out, e, 'NOT_AUTHORISED_FOR_RECORD: ITIB closing a GD/MO case', 'hostile-02')
# 1823 rewriting a Guangzhou service to a phishing URL.
e = fx('hk/fixtures/hk-1823/hk.gov.service.updated.v1.json')
e.update(subject='svc-gz-suihaoban', time='2026-02-10T10:00:00+08:00')
e['data'].update(serviceId='svc-gz-suihaoban', title={'en': 'Suihaoban (moved)', 'zhHant': '穗好辦'}, url='https://evil.example/phish')
add(out, e, 'NOT_AUTHORISED_FOR_RECORD: 1823 rewriting a Guangzhou service', 'hostile-03')
# ITIB overwriting a Shenzhen announcement.
e = fx('hk/fixtures/hk-itib/hk.gov.announcement.published.v1.json')
e.update(subject='ann-sz-deepseek-full-deployment', time='2026-02-10T10:00:00+08:00')
e['data'].update(announcementId='ann-sz-deepseek-full-deployment', title={'en': 'Overwritten', 'zhHant': '已覆寫'})
add(out, e, 'NOT_AUTHORISED_FOR_RECORD: ITIB overwriting a Shenzhen announcement', 'hostile-04')
# 1823 retitling a Shenzhen practice.
e = fx('hk/fixtures/hk-dpo/hk.gov.practice.shared.v1.json')
e.update(source='urn:gba:hk:1823', subject='prac-sz-ishenzhen-single-portal', time='2026-02-10T10:00:00+08:00')
e['data'].update(practiceId='prac-sz-ishenzhen-single-portal', agencyId='hk-efficiency-office', title={'en': 'Retitled', 'zhHant': '改題'})
add(out, e, 'NOT_AUTHORISED_FOR_RECORD: 1823 retitling a Shenzhen practice', 'hostile-05')
# A credit-data system granting a consent for p-0004's contact data.
e = fx('mainland/fixtures/gd-yuexinrong/cn.gd.authorization.granted.v1.json')
e.update(subject='con-hostile-06', time='2026-02-10T10:00:00+08:00')
e['data'].update(shouquan_bh='con-hostile-06', shouquanren_bh='p-0004', kongzhizhe_bm='440000-GAT', jieshoufang_bm='810000-TD', jieshoufang_ssd='810000', pingtai_ajbh='case-0001')
add(out, e, 'NOT_AUTHORISED_FOR_RECORD: Yuexinrong granting a consent', 'hostile-06')
# iAM Smart reviving revoked con-0004 with a grant reusing its id.
e = fx('hk/fixtures/hk-dpo-iamsmart/hk.iamsmart.consent.granted.v1.json')
e.update(subject='con-0004', time='2026-02-10T10:00:00+08:00')
e['data'].update(consentId='con-0004', subjectRef='p-0007', controllerId='hk-dpo', recipientId='gd-hrss', recipientJurisdiction='GD', purpose='social-security-enrolment', caseId='case-0007', grantedAt='2026-02-10T10:00:00+08:00', expiresAt='2030-12-31T23:59:59+08:00')
add(out, e, 'CONSENT_FINAL: reviving revoked con-0004', 'hostile-07')
# A revocation naming another subject.
e = fx('hk/fixtures/hk-dpo-iamsmart/hk.iamsmart.consent.revoked.v1.json')
e.update(subject='con-0003', time='2026-02-10T10:00:00+08:00')
e['data'].update(consentId='con-0003', subjectRef='p-0001', revokedAt='2026-02-10T10:00:00+08:00')
add(out, e, 'SUBJECT_MISMATCH: revoking con-0003 of p-0006 as p-0001', 'hostile-08')
# A revocation naming a consent id no consent has: answered as another subject's (hostile-08), so a
# consent manager cannot probe which ids exist.
e = fx('hk/fixtures/hk-dpo-iamsmart/hk.iamsmart.consent.revoked.v1.json')
e.update(subject='con-9999', time='2026-02-10T10:00:00+08:00')
e['data'].update(consentId='con-9999', subjectRef='p-0001', revokedAt='2026-02-10T10:00:00+08:00')
add(out, e, 'SUBJECT_MISMATCH: revoking con-9999, which no consent has, as p-0001', 'hostile-08-unknown')
# The same for another resident's consent held on the other side (con-0001, p-0004's, controller gd-psd):
# the refusal does not name its controller, which would tell that the id exists.
e = fx('hk/fixtures/hk-dpo-iamsmart/hk.iamsmart.consent.revoked.v1.json')
e.update(subject='con-0001', time='2026-02-10T10:00:00+08:00')
e['data'].update(consentId='con-0001', subjectRef='p-0001', revokedAt='2026-02-10T10:00:00+08:00')
add(out, e, 'SUBJECT_MISMATCH: revoking con-0001 of p-0004 (a Mainland controller) as p-0001', 'hostile-08-other-side')
# An earlier-dated grant reviving con-0009 (revoked), wider and to 2030.
e = fx('hk/fixtures/hk-dpo-iamsmart/hk.iamsmart.consent.granted.v1.json')
e.update(subject='con-0009', time='2025-08-01T10:00:00+08:00')
e['data'].update(consentId='con-0009', subjectRef='p-0003', controllerId='hk-dpo', recipientId='sz-gov-data-bureau', recipientJurisdiction='SZ', purpose='business-registration-prefill', dataCategories=['identity', 'contact', 'address', 'financial'], caseId=None, grantedAt='2025-08-01T10:00:00+08:00', expiresAt='2030-12-31T23:59:59+08:00')
add(out, e, 'CONSENT_FINAL: an earlier-dated event reviving revoked con-0009', 'hostile-09')
# Yueshengshi re-granting its own con-0001 (p-0004's, in force) wider: a re-grant may only narrow, whatever
# its date; nor may it state an earlier grant, which would put the consent in force before it was granted.
for eid, data, expect in [
    ('hostile-09-wider', {'leibie': ['shenfen', 'jiashi', 'lianxi'], 'youxiao_qz': '2030-12-31 23:59:59'},
     "CONSENT_TERMS_CHANGED: an earlier-dated re-grant widening con-0001 (in force) to contact data and 2030"),
    ('hostile-09-earlier', {'shouquan_sj': '2025-06-01 00:00:00'},
     "CONSENT_TERMS_CHANGED: a re-grant of con-0001 stating a grant before its own"),
]:
    e = fx('mainland/fixtures/gd-yueshengshi/cn.gd.authorization.granted.v1.json')
    e.update(subject='con-0001', time='2026-01-01T10:00:00+08:00')
    e['data'].update(shouquan_bh='con-0001', shouquanren_bh='p-0004', leibie=['shenfen', 'jiashi'], shouquan_sj='2026-01-19 20:15:00', youxiao_qz='2027-07-19 23:59:59', pingtai_ajbh='case-0001')
    e['data'].update(data)
    add(out, e, expect, eid)
# An id holding U+0000.
e = fx('hk/fixtures/hk-td/hk.gov.service.updated.v1.json')
add(out, e, 'BAD_ID: an id holding U+0000', 'hostile\u000010')
# An event dated 9999-12-31 on case-0005.
e = fx('hk/fixtures/hk-dpo/hk.gov.case.status-changed.v1.json')
e.update(subject='case-0005', time='9999-12-31T00:00:00+08:00')
e['data'].update(caseId='case-0005', serviceId='svc-hk-cbps-kiosk-sz', status='COMPLETED', statusChangedAt='2026-02-10T10:00:00+08:00')
e['data'].pop('personalData', None)
add(out, e, 'FUTURE_TIME: an event dated 9999-12-31', 'hostile-11')
# Suihaoban speaking on Hong Kong's topic (this file is sent with --topic gba.inbound.hk).
e = fx('mainland/fixtures/gz-suihaoban/cn.gd.case.status-changed.v1.json')
e['time'] = '2026-02-10T10:00:00+08:00'
add(wrong_topic, e, 'WRONG_TOPIC_FOR_SOURCE: a Suihaoban event on gba.inbound.hk', 'hostile-12')
# Yueshengshi taking the consent id an approved consent request will need (found by a hostile tester).
e = {"specversion": "1.0", "source": "urn:gba:gd:yueshengshi", "type": "cn.gd.authorization.granted", "subject": "con-creq-0mx3qknma-e76d9752cc0f", "time": "2026-02-10T10:00:00+08:00", "datacontenttype": "application/json", "data": {"shouquan_bh": "con-creq-0mx3qknma-e76d9752cc0f", "shouquanren_bh": "p-0005", "kongzhizhe_bm": "440000-GAT", "jieshoufang_bm": "810000-TD", "jieshoufang_ssd": "810000", "mudi_dm": "A01", "leibie": ["shenfen", "jiashi", "dizhi"], "falv_yiju": "单独同意", "shouquan_sj": "2026-02-10 10:00:00", "youxiao_qz": "2027-06-01 00:00:00", "pingtai_ajbh": "case-0002"}}
add(out, e, 'NOT_AUTHORISED_FOR_RECORD: a partner grant under a consent-request id', 'hostile-14')
# iAM Smart revoking con-0006 in 2099 (no effect now, though accepted) and before its grant.
for eid, at, expect in [('hostile-15', '2099-01-01T00:00:00+08:00', 'FUTURE_TIME: a revocation dated 2099'),
                        ('hostile-16', '2025-01-01T00:00:00+08:00', 'CONSENT_TIME_BEFORE_GRANT: a revocation dated before the grant')]:
    e = {"specversion": "1.0", "source": "urn:gba:hk:dpo:iamsmart", "type": "hk.iamsmart.consent.revoked", "subject": "con-0006", "time": "2026-02-10T10:00:00+08:00", "datacontenttype": "application/json", "data": {"consentId": "con-0006", "subjectRef": "p-0002", "revokedAt": at, "reason": {"en": "x", "zhHant": "x"}}}
    add(out, e, expect, eid)
# A case status naming another applicant than the case's (found by a hostile tester).
e = fx('hk/fixtures/hk-dpo/hk.gov.case.status-changed.v1.json')
e.update(source='urn:gba:hk:td', subject='case-0001', time='2026-02-10T10:00:00+08:00')
e['data'].update(caseId='case-0001', serviceId='svc-hk-td-direct-issue-dl', applicantRef='p-0001', previousStatus='UNDER_PROCESSING', status='DOCUMENTS_REQUIRED', statusChangedAt='2026-02-10T10:00:00+08:00')
e['data'].pop('personalData', None)
add(out, e, "SUBJECT_MISMATCH: a status of case-0001 (p-0004's) naming p-0001 as applicant", 'hostile-17')
# A case status moving case-0006 (approved) from a status it does not hold.
# The Transport Department rejecting its case-0001 (in review) as if it awaited documents.
e = fx('hk/fixtures/hk-dpo/hk.gov.case.status-changed.v1.json')
e.update(source='urn:gba:hk:td', subject='case-0001', time='2026-02-10T10:00:00+08:00')
e['data'].update(caseId='case-0001', serviceId='svc-hk-td-direct-issue-dl', applicantRef='p-0004', previousStatus='DOCUMENTS_REQUIRED', status='REJECTED', statusChangedAt='2026-02-10T10:00:00+08:00')
e['data'].pop('personalData', None)
add(out, e, 'STALE_PREVIOUS_STATUS: rejecting case-0001 (in review) as if it awaited documents', 'hostile-18')
# Deciding a case handled elsewhere, each naming the case's own service and applicant: the Transport
# Department rejecting Guangzhou's case-0012, 1823 rejecting TD's case-0001, the Hong Kong portal (the
# case's origin side, which may only withdraw it) rejecting case-0012.
for eid, source, case, service, applicant, why in [
    ('hostile-23', 'urn:gba:hk:td', 'case-0012', 'svc-gz-suihaoban', 'p-0002', 'the Transport Department deciding a case Guangzhou handles'),
    ('hostile-24', 'urn:gba:hk:1823', 'case-0001', 'svc-hk-td-direct-issue-dl', 'p-0004', '1823 (an enquiry hotline) deciding a TD case'),
    ('hostile-25', 'urn:gba:hk:dpo', 'case-0012', 'svc-gz-suihaoban', 'p-0002', 'the origin side deciding a case Guangzhou handles'),
]:
    e = fx('hk/fixtures/hk-dpo/hk.gov.case.status-changed.v1.json')
    e.update(source=source, subject=case, time='2026-02-10T10:00:00+08:00')
    e['data'].update(caseId=case, serviceId=service, applicantRef=applicant, previousStatus=None, status='REJECTED', statusChangedAt='2026-02-10T10:00:00+08:00')
    e['data'].pop('personalData', None)
    add(out, e, 'NOT_AUTHORISED_FOR_RECORD: ' + why, eid)
# The Transport Department moving its case-0001 under another of its services.
e = fx('hk/fixtures/hk-dpo/hk.gov.case.status-changed.v1.json')
e.update(source='urn:gba:hk:td', subject='case-0001', time='2026-02-10T10:00:00+08:00')
e['data'].update(caseId='case-0001', serviceId='svc-hk-td-counter-appointment', applicantRef='p-0004', previousStatus='UNDER_PROCESSING', status='REJECTED', statusChangedAt='2026-02-10T10:00:00+08:00')
e['data'].pop('personalData', None)
add(out, e, 'SERVICE_MISMATCH: TD on case-0001 naming another of its services', 'hostile-26')
# DPO (which may change Hong Kong services) naming the Transport Department as owner of its own service.
e = fx('hk/fixtures/hk-dpo/hk.gov.service.updated.v1.json')
e.update(time='2026-02-10T10:00:00+08:00')
e['data'].update(agencyId='hk-td', url='https://evil.example/phish')
add(out, e, 'NOT_AUTHORISED_FOR_RECORD: a service update naming another agency as owner', 'hostile-19')
# iAM Smart granting, for a Shenzhen case, a consent whose controller is a Hong Kong agency.
e = fx('hk/fixtures/hk-dpo-iamsmart/hk.iamsmart.consent.granted.v1.json')
e.update(subject='con-hostile-20', time='2026-02-10T10:00:00+08:00')
e['data'].update(consentId='con-hostile-20', subjectRef='p-0004', controllerId='hk-dpo', recipientId='hk-td', recipientJurisdiction='HK', purpose='licence-conversion', dataCategories=['contact'], caseId='case-0001', grantedAt='2026-02-10T10:00:00+08:00', expiresAt='2027-02-10T23:59:59+08:00')
add(out, e, 'CONTROLLER_NOT_OF_CASE: a controller that does not hold the data of case-0001 (from SZ)', 'hostile-20')
# A Guangdong-wide system (agency gd-gov-data-bureau, jurisdiction GD) changing what Guangzhou's and
# Shenzhen's agencies own: the province is not its cities' agencies (found by a tester, probe 6).
AT, CN_AT = '2026-02-10T10:00:00+08:00', '2026-02-10 10:00:00'
for eid, source, code, agency, why in [
    ('hostile-27', 'urn:gba:gd:yueshengshi', '440100SHB0001', '440100-ZSJ', "Yueshengshi (GD) setting Guangzhou's Suihaoban url to a phishing URL"),
    ('hostile-28', 'urn:gba:gd:zwfw', '440300ISZ0001', '440300-ZSJ', 'GD zwfw rewriting the iShenzhen portal service'),
]:
    e = fx('mainland/fixtures/gd-yueshengshi/cn.gd.service.updated.v1.json')
    e.update(source=source, subject=code, time=AT)
    e['data'].update(shixiang_bm=code, shixiang_mc='被劫持的服务', bumen_bm=agency, banben=99, biangeng_nr=['fuwu_dz'], shengxiao_sj=CN_AT, fuwu_dz='https://evil.example/phish')
    add(out, e, 'NOT_AUTHORISED_FOR_RECORD: ' + why, eid)
e = fx('mainland/fixtures/gd-yueshengshi/cn.gd.announcement.published.v1.json')
e.update(subject='ann-sz-deepseek-full-deployment', time=AT)
e['data'].update(gonggao_bh='ann-sz-deepseek-full-deployment', bumen_bm='440300-ZSJ', biaoti='深圳政务系统已迁移至 evil.example', zhengwen='请访问 https://evil.example', fabu_sj=CN_AT, guanlian_sx=[])
add(out, e, 'NOT_AUTHORISED_FOR_RECORD: Yueshengshi overwriting a Shenzhen announcement', 'hostile-29')
e = fx('mainland/fixtures/gd-yueshengshi/cn.gd.practice.shared.v1.json')
e.update(source='urn:gba:gd:zwfw', subject='prac-sz-deepseek-citywide', time=AT)
e['data'].update(jingyan_bh='prac-sz-deepseek-citywide', biaoti='劫持的经验', laiyuan_bm='440300-ZSJ', fabu_sj=CN_AT, guanlian_sx=[])
add(out, e, 'NOT_AUTHORISED_FOR_RECORD: GD zwfw retitling a Shenzhen practice', 'hostile-30')
for eid, source, case, code, agency, applicant, status, why in [
    ('hostile-31', 'urn:gba:gd:yueshengshi', 'case-0012', '440100SHB0001', '440100-ZSJ', 'p-0002', 90, 'Yueshengshi (GD) closing case-0012, which Guangzhou handles'),
    ('hostile-32', 'urn:gba:gd:zwfw', 'case-0013', '440300ISZ0004', '440300-ZSJ', 'p-0001', 50, 'GD zwfw rejecting case-0013, which Shenzhen handles'),
]:
    e = fx('mainland/fixtures/gd-zwfw/cn.gd.case.status-changed.v1.json')
    e.update(source=source, subject='B' + eid, time=AT)
    e['data'].update(banjian_bh='B' + eid, pingtai_ajbh=case, shixiang_bm=code, bumen_bm=agency, shenqingren_bh=applicant, banli_zt=status, gengxin_sj=CN_AT)
    e['data'].pop('geren_xinxi', None)
    add(out, e, 'NOT_AUTHORISED_FOR_RECORD: ' + why, eid)
# The Digital Policy Office (a Hong Kong portal) rewriting a Transport Department service, naming TD as its owner.
e = fx('hk/fixtures/hk-dpo/hk.gov.service.updated.v1.json')
e.update(subject='svc-hk-td-dl-renewal-online', time=AT)
e['data'].update(serviceId='svc-hk-td-dl-renewal-online', agencyId='hk-td', title={'en': 'TD renewal moved', 'zhHant': '騎劫'}, url='https://evil.example/phish')
add(out, e, "NOT_AUTHORISED_FOR_RECORD: the Digital Policy Office rewriting a Transport Department service", 'hostile-33')
# 1823's own announcement related to Guangzhou's Suihaoban: it would become Suihaoban's latest change.
e = fx('hk/fixtures/hk-itib/hk.gov.announcement.published.v1.json')
e.update(source='urn:gba:hk:1823', subject='ann-hostile-34', time=AT)
e['data'].update(announcementId='ann-hostile-34', agencyId='hk-efficiency-office', title={'en': 'Suihaoban moved to evil.example', 'zhHant': '穗好辦搬家'}, relatedServices=['svc-gz-suihaoban'], sourceUrl='https://evil.example')
add(out, e, "NOT_AUTHORISED_FOR_RECORD: an announcement related to another agency's service", 'hostile-34')
def sample(name, n):
    return json.loads(open(os.path.join(ROOT, 'deploy/seed/gba/events', name)).read().split('\n')[n - 1])
# Backdating a first delivery to a time its consent was in force: the data crosses when the platform
# processes the event, and con-0002 (case-0002) expired on 2026-01-08, before that.
e = sample('hk-inbound.jsonl', 7)
e.update(time='2026-01-07T10:00:00+08:00')
e['data'].update(previousStatus='DOCUMENTS_REQUIRED', status='UNDER_PROCESSING', statusChangedAt='2026-01-07T10:00:00+08:00')
add(out, e, 'CONSENT_EXPIRED: backdated to before con-0002 expired (2026-01-08), processed after', 'hostile-21')
# The same under con-0004 (case-0007), revoked on 2026-01-25, with an event dated 2026-01-20.
e = sample('mainland-inbound.jsonl', 13)
e.update(time='2026-01-20T10:00:00+08:00')
e['data'].update(banli_zt=21, shangyi_zt=10, gengxin_sj='2026-01-20 10:00:00')
add(out, e, 'CONSENT_REVOKED: backdated to before con-0004 was revoked (2026-01-25), processed after', 'hostile-22')
with open(os.path.join(H, 'hostile.jsonl'), 'w') as f:
    for e in out:
        f.write(json.dumps(e, ensure_ascii=False) + '\n')
    # JSON nested 20,000 deep.
    f.write('{"specversion":"1.0","id":"hostile-13","source":"urn:gba:hk:td","type":"hk.gov.service.updated","data":' + '[' * 20000 + ']' * 20000 + '}\n')
with open(os.path.join(H, 'hostile-wrong-topic.jsonl'), 'w') as f:
    for e in wrong_topic:
        f.write(json.dumps(e, ensure_ascii=False) + '\n')
