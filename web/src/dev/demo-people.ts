/**
 * Quick picks for the BankID simulator: a few people of the demo region
 * (server/src/seed/demo-data.ts — synthetic numbers from the domain generator).
 * Written out because the server has no endpoint listing demo people and the
 * domain package is not meant for the browser bundle; if the seed changes, update these.
 */
export const demoPeople = [
  { name: 'Anna Lindqvist', note: 'förälder till Elsa och Oskar', personalNumber: '198804122383' },
  { name: 'Johan Lindqvist', note: 'förälder', personalNumber: '198609034171' },
  { name: 'Margit Holm', note: '', personalNumber: '193602082848' },
  { name: 'Erik Sandberg', note: '', personalNumber: '198611211734' },
  { name: 'Sanna Skog', note: 'skyddad identitet', personalNumber: '197901255401' },
];
