// ESLint rules of the security gate, loaded by eslint.config.js as the `phoenix` plugin.
// Plain JavaScript, because ESLint loads its configuration with Node.js, which cannot import
// TypeScript files before version 22.

// Built from parts so that this file does not trip its own rule.
const TLS_ENV_NAME = ['NODE', 'TLS', 'REJECT', 'UNAUTHORIZED'].join('_');

/** Node types that only wrap an expression for TypeScript. */
const TYPE_WRAPPERS = new Set(['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression']);

/**
 * Returns how `node` builds a string from pieces (`a template literal with ${…}`, `string
 * concatenation`, `concat()`), or null when it does not. A `const` or `let` name is followed to
 * its initial value, up to three names deep; a `{ text }` query config is followed to `text`.
 *
 * @param {any} node
 * @param {import('eslint').Scope.Scope} scope
 * @param {number} depth
 * @returns {string | null}
 */
function describeStringBuilding(node, scope, depth = 0) {
  if (!node || depth > 3 || isConstantString(node)) return null;
  if (TYPE_WRAPPERS.has(node.type)) return describeStringBuilding(node.expression, scope, depth);
  if (node.type === 'TemplateLiteral') {
    return node.expressions.length > 0 ? 'a template literal with ${…}' : null;
  }
  if (node.type === 'BinaryExpression' && node.operator === '+') return 'string concatenation';
  if (
    node.type === 'CallExpression' &&
    node.callee.type === 'MemberExpression' &&
    node.callee.property.type === 'Identifier' &&
    node.callee.property.name === 'concat'
  ) {
    return 'concat()';
  }
  if (node.type === 'ObjectExpression') {
    const text = node.properties.find(
      (/** @type {any} */ property) =>
        property.type === 'Property' && !property.computed && propertyName(property.key) === 'text',
    );
    return text ? describeStringBuilding(text.value, scope, depth + 1) : null;
  }
  if (node.type === 'Identifier') {
    const variable = findVariable(scope, node.name);
    // A module-level constant is built once when the module loads, from code and not from a
    // request, so only names declared inside functions are followed.
    if (!variable || variable.scope.type === 'module' || variable.scope.type === 'global') {
      return null;
    }
    const definition = variable.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type !== 'Variable' || definition.parent.kind === 'var') return null;
    return describeStringBuilding(definition.node.init, scope, depth + 1);
  }
  return null;
}

/**
 * True for a string written entirely in the source: a string literal, a template literal whose
 * `${…}` parts are such strings too, or a `+` of such strings, as when long SQL is split over
 * lines.
 *
 * @param {any} node
 * @returns {boolean}
 */
function isConstantString(node) {
  if (node.type === 'Literal') return typeof node.value === 'string';
  if (node.type === 'TemplateLiteral') return node.expressions.every(isConstantString);
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    return isConstantString(node.left) && isConstantString(node.right);
  }
  return false;
}

/**
 * @param {import('eslint').Scope.Scope | null} scope
 * @param {string} name
 */
function findVariable(scope, name) {
  for (let current = scope; current; current = current.upper) {
    const variable = current.set.get(name);
    if (variable) return variable;
  }
  return undefined;
}

/**
 * Returns the name of a property key written as an identifier or a string, else null.
 *
 * @param {any} key
 * @returns {string | null}
 */
function propertyName(key) {
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return null;
}

/**
 * True for `false`, `0`, `''` and `null` written as literals.
 *
 * @param {any} node
 */
function isFalsyLiteral(node) {
  return node?.type === 'Literal' && !node.value;
}

/** @type {import('eslint').Rule.RuleModule} */
const noSqlStringBuilding = {
  meta: {
    type: 'problem',
    docs: { description: 'Reject SQL text built from strings and passed to `.query()`' },
    schema: [],
    messages: {
      built:
        'SQL built by {{how}} is passed to .query(), which allows SQL injection. Pass values as ' +
        'bind parameters ($1, $2, …). A name that cannot be a parameter (role, database) must ' +
        'come from a fixed list or pattern: then add ' +
        '`// eslint-disable-next-line phoenix/no-sql-string-building -- <why it is safe>`.',
    },
  },
  create(context) {
    return {
      /** @param {any} node */
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.computed) return;
        if (callee.property.type !== 'Identifier' || callee.property.name !== 'query') return;
        const sql = node.arguments[0];
        const construction = describeStringBuilding(sql, context.sourceCode.getScope(node));
        if (construction) {
          context.report({ node: sql, messageId: 'built', data: { how: construction } });
        }
      },
    };
  },
};

/** @type {import('eslint').Rule.RuleModule} */
const noDisabledTlsVerification = {
  meta: {
    type: 'problem',
    docs: { description: 'Reject code that turns off TLS certificate checks' },
    schema: [],
    messages: {
      rejectUnauthorized:
        'rejectUnauthorized: false accepts any certificate, so anyone on the network path can ' +
        'read and change the traffic. Trust the server with the `ca` option instead.',
      environment:
        `${TLS_ENV_NAME} turns off certificate checks for every TLS connection of the ` +
        'process. Give the client the certificate authority (`ca`, NODE_EXTRA_CA_CERTS) instead.',
    },
  },
  create(context) {
    return {
      /** @param {any} node */
      Property(node) {
        const name = propertyName(node.key);
        if (name === 'rejectUnauthorized' && isFalsyLiteral(node.value)) {
          context.report({ node, messageId: 'rejectUnauthorized' });
        } else if (name === TLS_ENV_NAME && node.key.type === 'Identifier') {
          context.report({ node, messageId: 'environment' });
        }
      },
      /** @param {any} node */
      AssignmentExpression(node) {
        const target = node.left;
        if (target.type !== 'MemberExpression') return;
        const name = target.computed ? null : propertyName(target.property);
        if (name === 'rejectUnauthorized' && isFalsyLiteral(node.right)) {
          context.report({ node, messageId: 'rejectUnauthorized' });
        }
      },
      /** @param {any} node */
      MemberExpression(node) {
        if (!node.computed && node.property.type === 'Identifier') {
          if (node.property.name === TLS_ENV_NAME)
            context.report({ node, messageId: 'environment' });
        }
      },
      /** @param {any} node */
      Literal(node) {
        if (typeof node.value === 'string' && node.value.includes(TLS_ENV_NAME)) {
          context.report({ node, messageId: 'environment' });
        }
      },
      /** @param {any} node */
      TemplateElement(node) {
        if (node.value.cooked?.includes(TLS_ENV_NAME)) {
          context.report({ node, messageId: 'environment' });
        }
      },
    };
  },
};

const DIRECTIVE = /^\s*eslint-disable(?:-next-line|-line)?(?:\s+([^]*))?$/;

/** @type {import('eslint').Rule.RuleModule} */
const requireDisableReason = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a reason on every comment that names a phoenix rule to turn off',
    },
    schema: [],
    messages: {
      missing:
        'A comment that turns off {{rules}} must say why after ` -- `, for example ' +
        '`// eslint-disable-next-line phoenix/no-sql-string-building -- role from APP_ROLES`.',
    },
  },
  create(context) {
    return {
      Program() {
        for (const comment of context.sourceCode.getAllComments()) {
          const match = DIRECTIVE.exec(comment.value);
          if (!match) continue;
          const [rulesPart = '', reason = ''] = (match[1] ?? '').split(/\s--\s/);
          const phoenix = rulesPart
            .split(',')
            .map((rule) => rule.trim())
            .filter((rule) => rule.startsWith('phoenix/'));
          if (phoenix.length > 0 && reason.trim().length === 0) {
            context.report({
              loc: /** @type {import('eslint').AST.SourceLocation} */ (comment.loc),
              messageId: 'missing',
              data: { rules: phoenix.join(', ') },
            });
          }
        }
      },
    };
  },
};

/** The `phoenix` ESLint plugin: the project's own security rules. */
const plugin = {
  meta: { name: 'phoenix' },
  rules: {
    'no-sql-string-building': noSqlStringBuilding,
    'no-disabled-tls-verification': noDisabledTlsVerification,
    'require-disable-reason': requireDisableReason,
  },
};

export default plugin;
