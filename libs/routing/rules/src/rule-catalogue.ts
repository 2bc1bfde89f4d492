/**
 * Every routing rule with its legal basis (domain brief §3). Decisions name the rule id, so an auditor can
 * look up why an office received an event.
 */
export const RULES = {
  'P1-acute': {
    legalBasis: '§ 87, § 86d SGB VIII',
    text: 'Acute protection: the Jugendamt where the child actually is (else the incident place).',
  },
  'P2-parents': {
    legalBasis: '§ 86 Abs. 1 SGB VIII',
    text: 'Case owner: the Jugendamt of the parents’ habitual residence.',
  },
  'P2-sole-custody': {
    legalBasis: '§ 86 Abs. 2 S. 1 SGB VIII',
    text: 'Parents live apart: the parent with sole custody.',
  },
  'P2-lived-with': {
    legalBasis: '§ 86 Abs. 2 S. 2 SGB VIII',
    text: 'Parents live apart, joint or no custody: the parent the child last lived with.',
  },
  'P2-lived-with-both': {
    legalBasis: '§ 86 Abs. 2 S. 3 SGB VIII',
    text: 'The child lived with both: where it last actually stayed.',
  },
  'P2-lived-with-neither': {
    legalBasis: '§ 86 Abs. 2 S. 4 SGB VIII',
    text: 'Lived with neither parent for 6 months: the child’s habitual residence, else its whereabouts.',
  },
  'P2-no-parents': {
    legalBasis: '§ 86 Abs. 4 SGB VIII',
    text: 'Parents abroad, unknown or deceased: the child’s habitual residence, else its whereabouts.',
  },
  'P2-foster': {
    legalBasis: '§ 86 Abs. 6 SGB VIII',
    text: 'Foster placement of two years or more that will continue: the foster parents’ residence.',
  },
  'P2-young-adult': { legalBasis: '§ 86a SGB VIII', text: 'Young adult (18 to 26): their own habitual residence.' },
  'P3-provisional': {
    legalBasis: '§ 86d, § 87, § 8a Abs. 6 SGB VIII',
    text: 'Acute and case owner differ: the acute office acts provisionally and hands the case over.',
  },
  'P5-external': {
    legalBasis: '§ 86 SGB VIII; § 8a Abs. 6 SGB VIII',
    text: 'Responsible office outside the participating offices: manual forwarding.',
  },
  'J7-kpb': {
    legalBasis: '§ 7 POG NRW; § 8a Abs. 3 SGB VIII with § 69 SGB X',
    text: 'The Kreispolizeibehörde of the place of the child / the danger.',
  },
  'J8-kriminalhauptstelle': {
    legalBasis: 'NRW Kriminalhauptstellen (since 2020-09-01)',
    text: 'Suspected sexual offence against a child: the Kriminalhauptstelle, with a copy to the KPB.',
  },
  'R9-reply': {
    legalBasis: 'cooperation agreements (Rückmeldung)',
    text: 'Acknowledgements and feedback go back to the office that sent the original event.',
  },
} as const;

export type RuleId = keyof typeof RULES;
