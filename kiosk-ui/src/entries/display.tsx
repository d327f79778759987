import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PublicI18nProvider } from '../i18n/public';
import { DisplayPage } from '../display/DisplayPage';
import '../styles/base.css';

// /display has a document of its own: the waiting room's TV loads its figures page and nothing of the staff pages
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PublicI18nProvider>
      <DisplayPage />
    </PublicI18nProvider>
  </StrictMode>,
);
