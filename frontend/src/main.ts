// Styles in cascade order: shared first, then each feature's.
import './ui/theme.css';
import './ui/controls.css';
import './todos/todos.css';
import './todos/organise.css';
import './files/files.css';
import './account/account.css';
import './ui/dialog.css';
import { Api } from './api';
import { startApp } from './app';
import { loadConfig } from './config';
import { Router } from './router';
import { Auth } from './session/auth';

const root = document.getElementById('app');

async function main(container: HTMLElement) {
  try {
    const config = await loadConfig();
    const auth = new Auth(config);
    const api = new Api(config, auth);
    await startApp(container, { api, auth, router: new Router(), maxUploadBytes: config.maxUploadBytes });
  } catch (error) {
    const heading = document.createElement('h1');
    heading.textContent = 'The app could not start';
    const message = document.createElement('p');
    message.textContent = error instanceof Error ? error.message : String(error);
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.textContent = 'Reload';
    retry.addEventListener('click', () => location.reload());
    const box = document.createElement('main');
    box.className = 'auth-card';
    box.setAttribute('role', 'alert');
    box.append(heading, message, retry);
    container.replaceChildren(box);
  }
}

if (root) void main(root);
