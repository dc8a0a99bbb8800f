import { LADDER } from './case-types';
import { entryOf, namedDepartments, Responsibility, responsibleDepartments } from './routing';

/** A category's responsibility list (权责清单). */
const duty = (entryRung: Responsibility['entryRung'], lead: string, ...assist: string[]): Responsibility => ({
  entryRung,
  leadDepartmentCode: lead,
  assistDepartmentCodes: assist,
});

describe('routing', () => {
  describe('responsibleDepartments', () => {
    it('summons the lead first, then the assisting departments in list order', () => {
      expect(responsibleDepartments(duty('street', 'chengguan', 'fangguan', 'lvhua'))).toEqual([
        { departmentCode: 'chengguan', role: 'lead' },
        { departmentCode: 'fangguan', role: 'assist' },
        { departmentCode: 'lvhua', role: 'assist' },
      ]);
    });

    it('summons the lead alone when nobody assists', () => {
      expect(responsibleDepartments(duty('street', 'shuiwu'))).toEqual([{ departmentCode: 'shuiwu', role: 'lead' }]);
    });

    it('does not summon the lead a second time when it is also listed as an assistant', () => {
      expect(responsibleDepartments(duty('street', 'chengguan', 'chengguan', 'jiaojing'))).toEqual([
        { departmentCode: 'chengguan', role: 'lead' },
        { departmentCode: 'jiaojing', role: 'assist' },
      ]);
    });

    it('summons an assistant listed twice only once', () => {
      expect(responsibleDepartments(duty('street', 'chengguan', 'jiaojing', 'jiaojing'))).toEqual([
        { departmentCode: 'chengguan', role: 'lead' },
        { departmentCode: 'jiaojing', role: 'assist' },
      ]);
    });
  });

  describe('namedDepartments', () => {
    it('makes the first named department lead and the rest assist', () => {
      expect(namedDepartments(['fangguan', 'chengguan', 'lvhua'])).toEqual([
        { departmentCode: 'fangguan', role: 'lead' },
        { departmentCode: 'chengguan', role: 'assist' },
        { departmentCode: 'lvhua', role: 'assist' },
      ]);
    });

    it('drops duplicates, keeping the first mention (so the lead stays lead)', () => {
      expect(namedDepartments(['fangguan', 'chengguan', 'fangguan', 'chengguan'])).toEqual([
        { departmentCode: 'fangguan', role: 'lead' },
        { departmentCode: 'chengguan', role: 'assist' },
      ]);
    });

    it('names nobody when given nobody', () => {
      expect(namedDepartments([])).toEqual([]);
    });
  });

  describe('entryOf', () => {
    it.each(LADDER)('enters at the %s rung with no tasks', (rung) => {
      expect(entryOf(duty(rung, 'chengguan', 'lvhua'))).toEqual({ rung, assignments: [] });
    });

    it('enters on departments with the responsible departments, lead first', () => {
      expect(entryOf(duty('department', 'shuiwu', 'chengguan', 'shuiwu'))).toEqual({
        rung: 'department',
        assignments: [
          { departmentCode: 'shuiwu', role: 'lead' },
          { departmentCode: 'chengguan', role: 'assist' },
        ],
      });
    });
  });
});
