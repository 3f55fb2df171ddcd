/** Groups of a hub as the admin API lists them: a group exists while it has a member. */
export interface GroupSummary {
  name: string;
  members: number;
}
