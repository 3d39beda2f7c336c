import type { MethodDef } from '../method.js';
import { authTest } from './auth.js';
import { chatGetPermalink, chatPostMessage, chatUpdate } from './chat.js';
import {
  conversationsCreate, conversationsHistory, conversationsInfo, conversationsInvite, conversationsJoin, conversationsList,
  conversationsMembers, conversationsOpen, conversationsReplies,
} from './conversations.js';
import { fileMethods } from './files.js';
import { reactionMethods } from './reactions.js';
import { searchMethods } from './search.js';
import { usersInfo, usersList } from './users.js';
import { viewMethods } from './views.js';

/** Every Web API method the workspace answers; anything else is `unknown_method`. */
export const webApiMethods: readonly MethodDef[] = [
  authTest,
  chatPostMessage, chatUpdate, chatGetPermalink,
  conversationsList, conversationsInfo, conversationsHistory, conversationsReplies, conversationsCreate, conversationsJoin,
  conversationsInvite, conversationsMembers, conversationsOpen,
  usersList, usersInfo,
  ...reactionMethods, ...searchMethods, ...viewMethods, ...fileMethods,
];
