/**
 * The references the report, README, notebooks and CITATION.cff cite. The
 * KIET study's public record is its English abstract page; it gives the
 * authors, title, date and address below but no report number, so none is
 * given here (none was found in any source the project used).
 */
export interface Reference {
  key: string;
  authors: string;
  year: number;
  title: string;
  publisher: string;
  date?: string;
  url?: string;
  note?: string;
}

export const KIET_2018: Reference = {
  key: "kiet2018",
  authors: "Moon, Hyeseon et al.",
  year: 2018,
  title: "An Analysis of Korean Bio-clusters and its Implications",
  publisher: "Korea Institute for Industrial Economics and Trade (KIET)",
  date: "2018-12-07",
  url: "http://eng.kiet.re.kr/kiet_eng/index.jsp?sub_num=208&ord=0&pageNo=4&state=view&idx=11351",
  note: "KIET research report; only the English abstract is public, and it gives no report number.",
};

export const REFERENCES: Reference[] = [
  KIET_2018,
  {
    key: "saltelli2010",
    authors: "Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M. and Tarantola, S.",
    year: 2010,
    title: "Variance based sensitivity analysis of model output. Design and estimator for the total sensitivity index",
    publisher: "Computer Physics Communications 181(2), 259–270",
    url: "https://doi.org/10.1016/j.cpc.2009.09.018",
  },
  {
    key: "morris1991",
    authors: "Morris, M. D.",
    year: 1991,
    title: "Factorial sampling plans for preliminary computational experiments",
    publisher: "Technometrics 33(2), 161–174",
    url: "https://doi.org/10.1080/00401706.1991.10484804",
  },
];

/** "Moon, Hyeseon et al. (2018). An Analysis of … KIET, 2018-12-07. URL" as plain text. */
export function citationText(r: Reference): string {
  return `${r.authors} (${r.year}). ${r.title}. ${r.publisher}${r.date ? `, ${r.date}` : ""}.${r.url ? ` ${r.url}` : ""}${r.note ? ` ${r.note}` : ""}`;
}
