import { DataSourcePlugin } from '@grafana/data';

import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { DataSource } from './datasource';
import { NetObsOptions, NetObsQuery, NetObsSecureJsonData } from './types';

export const plugin = new DataSourcePlugin<DataSource, NetObsQuery, NetObsOptions, NetObsSecureJsonData>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
