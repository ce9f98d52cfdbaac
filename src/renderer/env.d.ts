// Vite lets the renderer import its stylesheet; tell TypeScript so.
declare module '*.css';
