import { builder } from "../builder.ts";
import "./scalars.ts";
import "./errors.ts";
import "./enums.ts";
import "./user.ts";
import "./mailbox.ts";
import "./campaign.ts";
import "./email-log.ts";
import "./prospect.ts";
import "./job.ts";
import "./provider.ts";
import "./draft.ts";
import "./suppression.ts";
import "./pipeline.ts";
import "./enrich.ts";
import "./placement.ts";

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

export const schema = builder.toSchema({ sortSchema: true });
