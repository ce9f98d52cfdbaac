// Renderer entry: register AG Grid's community modules, mount the workbench, load the policies.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AllCommunityModule, ModuleRegistry } from 'ag-grid-community';
import { init } from './actions';
import { App } from './components/App';
import './styles.css';

ModuleRegistry.registerModules([AllCommunityModule]);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  void init();
}
