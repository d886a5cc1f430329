// Passkey forms (src/features/accounts/second-factor/views.tsx): asks the server for the options
// of a new or existing passkey, lets the browser create or use it, and sends its answer with the
// form as JSON, binary values in base64url. Without this script the form says that a passkey
// needs JavaScript, and the server answers a form sent without an answer the same way.

/** base64url (RFC 4648, no padding) to bytes. */
function bytesOf(text) {
  const base64 = text.replaceAll('-', '+').replaceAll('_', '/');
  const padded = base64.padEnd(Math.ceil(base64.length / 4) * 4, '=');
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

/** Bytes (an ArrayBuffer or a view) to base64url without padding. */
function textOf(buffer) {
  const bytes =
    buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

const credentialsOf = (list) => (list ?? []).map((c) => ({ ...c, id: bytesOf(c.id) }));

function creationOptions(options) {
  return {
    ...options,
    challenge: bytesOf(options.challenge),
    user: { ...options.user, id: bytesOf(options.user.id) },
    excludeCredentials: credentialsOf(options.excludeCredentials),
  };
}

function requestOptions(options) {
  return {
    ...options,
    challenge: bytesOf(options.challenge),
    allowCredentials: credentialsOf(options.allowCredentials),
  };
}

/** What every answer of the browser's authenticator sends, around its own `response`. */
function credentialJson(credential, response) {
  return {
    id: credential.id,
    rawId: textOf(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
    clientExtensionResults: {},
    response,
  };
}

/** A new passkey as the server reads it (RegistrationResponseJSON). */
function registrationJson(credential) {
  const response = credential.response;
  return credentialJson(credential, {
    clientDataJSON: textOf(response.clientDataJSON),
    attestationObject: textOf(response.attestationObject),
    transports: typeof response.getTransports === 'function' ? response.getTransports() : [],
  });
}

/** A passkey's signature as the server reads it (AuthenticationResponseJSON). */
function assertionJson(credential) {
  const response = credential.response;
  return credentialJson(credential, {
    clientDataJSON: textOf(response.clientDataJSON),
    authenticatorData: textOf(response.authenticatorData),
    signature: textOf(response.signature),
    userHandle: response.userHandle ? textOf(response.userHandle) : undefined,
  });
}

async function optionsFor(box, form) {
  const csrf = form.querySelector('input[name="_csrf"]')?.value ?? '';
  const answer = await fetch(box.dataset.options, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
    body: '{}',
  });
  if (!answer.ok) throw new Error(`options: ${answer.status}`);
  return answer.json();
}

// A module runs once per page however many passkey forms bring it along.
for (const box of document.querySelectorAll('[data-passkey]')) {
  const form = box.querySelector('form');
  const field = form?.querySelector('input[name="credential"]');
  const status = box.querySelector('[data-passkey-status]');
  const button = form?.querySelector('button[type="submit"], button:not([type])');
  if (!form || !field || !status) continue;
  if (!window.PublicKeyCredential || !navigator.credentials) {
    status.textContent = box.dataset.unsupported ?? '';
    if (button) button.disabled = true;
    continue;
  }
  status.textContent = '';
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = form.querySelector('input[name="passkeyName"]');
    // Without a name the server says so before any passkey is made on the device.
    if (name && name.value.trim() === '') {
      form.submit();
      return;
    }
    status.textContent = box.dataset.waiting ?? '';
    if (button) button.disabled = true;
    try {
      const options = await optionsFor(box, form);
      const credential =
        box.dataset.passkey === 'get'
          ? await navigator.credentials.get({ publicKey: requestOptions(options) })
          : await navigator.credentials.create({ publicKey: creationOptions(options) });
      if (!credential) throw new Error('no credential');
      field.value = JSON.stringify(
        box.dataset.passkey === 'get' ? assertionJson(credential) : registrationJson(credential),
      );
      // submit() sends the form without this listener running again.
      form.submit();
    } catch {
      status.textContent = box.dataset.cancelled ?? '';
      if (button) button.disabled = false;
    }
  });
}
