import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PublicI18nProvider } from '../i18n/public';
import { KioskPage } from '../kiosk/KioskPage';
import '../styles/base.css';

// /kiosk has a document of its own: a citizen's tablet loads the rating page and nothing of the staff pages
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PublicI18nProvider>
      <KioskPage />
    </PublicI18nProvider>
  </StrictMode>,
);
