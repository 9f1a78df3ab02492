/**
 * What a dispute is about, as the words every channel uses for it: 噪音 and 扰民 for noise, 漏水 and 渗水 for a leak.
 * The hub taxonomy files both under 邻里, and two accounts of them share 楼上 and 邻居, so a bigram cosine may find
 * them alike; the subject words tell the noise from the leak upstairs.
 */
const MATTERS: Readonly<Record<string, readonly string[]>> = {
  噪音: ['噪音', '噪声', '扰民', '喧哗', '吵闹', '广场舞'],
  漏水: ['漏水', '渗水', '渗漏'],
  排水: ['排水', '积水', '下水道'],
  通行: ['通道', '通行'],
  宅基地: ['宅基地', '界址', '越界', '建房'],
  土地: ['承包地', '山林', '林地', '土地'],
  工资: ['工资', '欠薪', '工钱', '劳动报酬', '薪水'],
  借款: ['借款', '借钱', '欠款', '借贷', '还钱', '欠钱'],
  物业: ['物业费', '电梯'],
  交通: ['交通事故', '相撞', '撞倒', '剐蹭'],
  家庭: ['离婚', '家暴', '赡养', '抚养', '感情不和'],
  异味: ['异味', '臭味', '鸡舍', '猪舍', '养殖'],
  停车: ['停车', '车位'],
};

/** The matters a text names by their subject words (none for an account that names no subject). */
export function mattersNamed(text: string): Set<string> {
  const named = new Set<string>();
  for (const [matter, words] of Object.entries(MATTERS)) {
    if (words.some((w) => text.includes(w))) named.add(matter);
  }
  return named;
}

/** How the subjects a text names stand against those of the others (each computed once). */
export interface SubjectComparison {
  /** Subjects named here and in one of the others (噪音 in the court's 因噪音问题 and in 110's 噪音扰民). */
  shared: string[];
  /**
   * Set when the text names subjects and none of the others that name any shares one (漏水 against 噪音); a text that
   * names no subject, or others that name none, say nothing.
   */
  other?: { own: string[]; theirs: string[] };
}

export function compareSubjects(own: string, others: readonly string[]): SubjectComparison {
  const mine = mattersNamed(own);
  const theirs = mine.size === 0 ? [] : others.map(mattersNamed).filter((m) => m.size > 0);
  const shared = [...new Set(theirs.flatMap((m) => [...m].filter((x) => mine.has(x))))];
  if (theirs.length === 0 || shared.length > 0) return { shared };
  return { shared, other: { own: [...mine], theirs: [...new Set(theirs.flatMap((m) => [...m]))] } };
}

/** The two matters when a text names subjects and none of the others that name any shares one, else undefined. */
export function otherMatter(
  own: string,
  others: readonly string[],
): { own: string[]; theirs: string[] } | undefined {
  return compareSubjects(own, others).other;
}

/** The subjects a text shares with any of the others, if any. */
export function sameMatter(own: string, others: readonly string[]): string[] {
  return compareSubjects(own, others).shared;
}
