/**
 * Columns of the source version 2 (OCSF 1.1.0) Security Lake tables, as Glue/Hive types. The local engine
 * writes and reads parquet of exactly this shape so that SQL written for Athena runs unchanged on it.
 */
import { SecurityLakeSourceName } from '@internal/plugin-security-lake-common';

/** @internal */
export type TableColumns = ReadonlyArray<
  readonly [name: string, hiveType: string]
>;

/**
 * CloudTrail's columns, which the management events, S3 data events and Lambda data events share (all
 * three are CloudTrail records mapped to OCSF API Activity and friends).
 */
const CLOUDTRAIL_COLUMNS: TableColumns = [
  [
    'metadata',
    'struct<product:struct<version:string,name:string,vendor_name:string,feature:struct<name:string>>,event_code:string,uid:string,profiles:array<string>,version:string>',
  ],
  ['time', 'bigint'],
  ['time_dt', 'timestamp'],
  ['cloud', 'struct<region:string,provider:string>'],
  [
    'api',
    'struct<response:struct<error:string,message:string,data:string>,operation:string,version:string,service:struct<name:string>,request:struct<data:string,uid:string>>',
  ],
  ['dst_endpoint', 'struct<svc_name:string>'],
  [
    'actor',
    'struct<user:struct<type:string,name:string,uid_alt:string,uid:string,account:struct<uid:string>,credential_uid:string>,session:struct<created_time_dt:timestamp,is_mfa:boolean,issuer:string>,invoked_by:string,idp:struct<name:string>>',
  ],
  ['http_request', 'struct<user_agent:string>'],
  ['src_endpoint', 'struct<uid:string,ip:string,domain:string>'],
  [
    'session',
    'struct<uid:string,uid_alt:string,credential_uid:string,issuer:string>',
  ],
  ['policy', 'struct<uid:string>'],
  [
    'resources',
    'array<struct<uid:string,owner:struct<account:struct<uid:string>>,type:string>>',
  ],
  ['class_name', 'string'],
  ['class_uid', 'int'],
  ['category_name', 'string'],
  ['category_uid', 'int'],
  ['severity_id', 'int'],
  ['severity', 'string'],
  ['user', 'struct<uid_alt:string,uid:string,name:string>'],
  ['activity_name', 'string'],
  ['activity_id', 'int'],
  ['type_uid', 'bigint'],
  ['type_name', 'string'],
  ['status', 'string'],
  ['is_mfa', 'boolean'],
  ['unmapped', 'map<string,string>'],
  ['accountid', 'string'],
  ['region', 'string'],
  ['asl_version', 'string'],
  [
    'observables',
    'array<struct<name:string,value:string,type:string,type_id:int>>',
  ],
];

/** @internal */
export const V2_TABLE_COLUMNS: Partial<
  Record<SecurityLakeSourceName, TableColumns>
> = {
  CLOUD_TRAIL_MGMT: CLOUDTRAIL_COLUMNS,
  SH_FINDINGS: [
    [
      'metadata',
      'struct<log_version:string,product:struct<feature:struct<uid:string,name:string>,uid:string,name:string,vendor_name:string,version:string>,processed_time_dt:timestamp,profiles:array<string>,version:string,extensions:array<struct<name:string,uid:string,version:string>>>',
    ],
    ['time', 'bigint'],
    ['time_dt', 'timestamp'],
    ['confidence_score', 'int'],
    ['message', 'string'],
    [
      'cloud',
      'struct<account:struct<uid:string>,region:string,provider:string>',
    ],
    [
      'resource',
      'struct<type:string,uid:string,cloud_partition:string,region:string,labels:array<string>,data:string,criticality:string>',
    ],
    [
      'finding_info',
      'struct<created_time_dt:timestamp,uid:string,desc:string,title:string,modified_time_dt:timestamp,first_seen_time_dt:timestamp,last_seen_time_dt:timestamp,related_events:array<struct<product_uid:string,uid:string>>,types:array<string>,src_url:string>',
    ],
    ['remediation', 'struct<desc:string,references:array<string>>'],
    [
      'compliance',
      'struct<standards:array<string>,requirements:array<string>,control:string,status:string,status_detail:string,status_code:string>',
    ],
    [
      'vulnerabilities',
      'array<struct<remediation:struct<desc:string,references:array<string>>,cve:struct<cvss:array<struct<base_score:decimal(3,1),vector_string:string,version:string>>,uid:string,epss:struct<score:string>,references:array<string>,created_time_dt:timestamp,modified_time_dt:timestamp>,references:array<string>,related_vulnerabilities:array<string>,vendor_name:string,affected_packages:array<struct<architecture:string,epoch:int,path:string,fixed_in_version:string,name:string,package_manager:string,release:string,remediation:struct<desc:string>,version:string>>,cwe:struct<uid:string>,affected_code:array<struct<end_line:int,file:struct<name:string,path:string,uid:string,type_id:int>,start_line:int>>,is_fix_available:boolean,is_exploit_available:boolean>>',
    ],
    [
      'resources',
      'array<struct<type:string,uid:string,cloud_partition:string,region:string,labels:array<string>,data:string,criticality:string,owner:struct<account:struct<uid:string>>>>',
    ],
    [
      'evidences',
      'array<struct<data:string,actor:struct<process:struct<name:string,pid:int,uid:string,cmd_line:string,user:struct<name:string,uid:string>>>,api:struct<operation:string,response:struct<error:string,code:int>,service:struct<name:string>>,src_endpoint:struct<ip:string,port:int,location:struct<country:string,city:string>>,dst_endpoint:struct<ip:string,port:int>,connection_info:struct<protocol_name:string,direction_id:int,direction:string>,query:struct<hostname:string>>>',
    ],
    ['class_name', 'string'],
    ['class_uid', 'int'],
    ['category_name', 'string'],
    ['category_uid', 'int'],
    ['severity_id', 'int'],
    ['severity', 'string'],
    ['activity_name', 'string'],
    ['activity_id', 'int'],
    ['type_uid', 'bigint'],
    ['type_name', 'string'],
    ['status', 'string'],
    ['unmapped', 'map<string,string>'],
    ['accountid', 'string'],
    ['region', 'string'],
    ['asl_version', 'string'],
    [
      'observables',
      'array<struct<name:string,value:string,type:string,type_id:int>>',
    ],
  ],
  VPC_FLOW: [
    [
      'metadata',
      'struct<product:struct<version:string,name:string,feature:struct<name:string>,vendor_name:string>,profiles:array<string>,version:string>',
    ],
    [
      'cloud',
      'struct<account:struct<uid:string>,region:string,zone:string,provider:string>',
    ],
    [
      'src_endpoint',
      'struct<port:int,svc_name:string,ip:string,intermediate_ips:array<string>,interface_uid:string,vpc_uid:string,instance_uid:string,subnet_uid:string>',
    ],
    [
      'dst_endpoint',
      'struct<port:int,svc_name:string,ip:string,intermediate_ips:array<string>,interface_uid:string,vpc_uid:string,instance_uid:string,subnet_uid:string>',
    ],
    [
      'connection_info',
      'struct<protocol_num:int,tcp_flags:int,protocol_ver:string,boundary_id:int,boundary:string,direction_id:int,direction:string>',
    ],
    ['traffic', 'struct<packets:bigint,bytes:bigint>'],
    ['time', 'bigint'],
    ['time_dt', 'timestamp'],
    ['start_time_dt', 'timestamp'],
    ['end_time_dt', 'timestamp'],
    ['status_code', 'string'],
    ['severity_id', 'int'],
    ['severity', 'string'],
    ['class_name', 'string'],
    ['class_uid', 'int'],
    ['category_name', 'string'],
    ['category_uid', 'int'],
    ['activity_name', 'string'],
    ['activity_id', 'int'],
    ['action', 'string'],
    ['action_id', 'int'],
    ['disposition', 'string'],
    ['type_uid', 'bigint'],
    ['type_name', 'string'],
    ['accountid', 'string'],
    ['region', 'string'],
    ['asl_version', 'string'],
    ['unmapped', 'map<string,string>'],
    [
      'observables',
      'array<struct<name:string,value:string,type:string,type_id:int>>',
    ],
  ],
  ROUTE53: [
    [
      'metadata',
      'struct<product:struct<version:string,name:string,feature:struct<name:string>,vendor_name:string>,profiles:array<string>,version:string>',
    ],
    [
      'cloud',
      'struct<account:struct<uid:string>,region:string,provider:string>',
    ],
    [
      'src_endpoint',
      'struct<vpc_uid:string,ip:string,port:int,instance_uid:string>',
    ],
    ['time', 'bigint'],
    ['time_dt', 'timestamp'],
    ['query', 'struct<hostname:string,type:string,class:string>'],
    ['answers', 'array<struct<type:string,rdata:string,class:string>>'],
    [
      'connection_info',
      'struct<protocol_name:string,direction:string,direction_id:int>',
    ],
    ['dst_endpoint', 'struct<instance_uid:string,interface_uid:string>'],
    ['firewall_rule', 'struct<uid:string>'],
    ['severity_id', 'int'],
    ['severity', 'string'],
    ['class_name', 'string'],
    ['class_uid', 'int'],
    ['category_name', 'string'],
    ['category_uid', 'int'],
    ['activity_id', 'int'],
    ['activity_name', 'string'],
    ['type_uid', 'bigint'],
    ['type_name', 'string'],
    ['rcode_id', 'int'],
    ['rcode', 'string'],
    ['disposition', 'string'],
    ['action', 'string'],
    ['action_id', 'int'],
    ['unmapped', 'map<string,string>'],
    ['accountid', 'string'],
    ['region', 'string'],
    ['asl_version', 'string'],
    [
      'observables',
      'array<struct<name:string,value:string,type:string,type_id:int>>',
    ],
  ],
  S3_DATA: CLOUDTRAIL_COLUMNS,
  LAMBDA_EXECUTION: CLOUDTRAIL_COLUMNS,
  WAF: [
    [
      'metadata',
      'struct<product:struct<feature:struct<uid:string>,version:string,vendor_name:string,name:string>,labels:array<string>,profiles:array<string>,version:string>',
    ],
    [
      'src_endpoint',
      'struct<svc_name:string,uid:string,ip:string,location:struct<country:string>>',
    ],
    [
      'http_request',
      'struct<url:struct<path:string,hostname:string>,version:string,http_method:string,uid:string,args:string,http_headers:array<struct<name:string,value:string>>,user_agent:string,x_forwarded_for:array<string>,referrer:string>',
    ],
    [
      'firewall_rule',
      'struct<uid:string,type:string,condition:string,match_location:string,match_details:array<string>,rate_limit:int>',
    ],
    ['http_status', 'int'],
    ['time', 'bigint'],
    ['time_dt', 'timestamp'],
    ['class_name', 'string'],
    ['class_uid', 'int'],
    ['category_name', 'string'],
    ['category_uid', 'int'],
    ['severity_id', 'int'],
    ['severity', 'string'],
    ['cloud', 'struct<provider:string>'],
    ['activity_name', 'string'],
    ['activity_id', 'int'],
    ['type_name', 'string'],
    ['type_uid', 'bigint'],
    ['action', 'string'],
    ['action_id', 'int'],
    ['disposition', 'string'],
    ['disposition_id', 'int'],
    ['unmapped', 'map<string,string>'],
    ['accountid', 'string'],
    ['region', 'string'],
    ['asl_version', 'string'],
    [
      'observables',
      'array<struct<name:string,value:string,type:string,type_id:int>>',
    ],
  ],
  EKS_AUDIT: [
    [
      'metadata',
      'struct<log_level:string,product:struct<version:string,vendor_name:string,name:string,feature:struct<name:string>>,profiles:array<string>,version:string>',
    ],
    [
      'api',
      'struct<request:struct<uid:string,containers:array<struct<name:string,image:struct<name:string,path:string,uid:string>>>>,operation:string,version:string,response:struct<code:int,message:string,error:string,error_message:string,containers:array<struct<name:string,image:struct<name:string,path:string,uid:string>>>>,group:struct<name:string>>',
    ],
    ['message', 'string'],
    ['http_request', 'struct<url:struct<path:string>,user_agent:string>'],
    [
      'actor',
      'struct<user:struct<name:string,uid:string,groups:array<struct<name:string>>,type_id:int>,session:struct<credential_uid:string,issuer:string,uid:string>>',
    ],
    ['cloud', 'struct<account:struct<uid:string>,provider:string>'],
    ['src_endpoint', 'struct<ip:string,intermediate_ips:array<string>>'],
    [
      'resources',
      'array<struct<namespace:string,name:string,uid:string,version:string,type:string>>',
    ],
    ['start_time_dt', 'timestamp'],
    ['time_dt', 'timestamp'],
    ['time', 'bigint'],
    ['severity_id', 'int'],
    ['severity', 'string'],
    ['class_name', 'string'],
    ['class_uid', 'int'],
    ['category_name', 'string'],
    ['category_uid', 'int'],
    ['activity_name', 'string'],
    ['activity_id', 'int'],
    ['type_name', 'string'],
    ['type_uid', 'bigint'],
    ['unmapped', 'map<string,string>'],
    ['accountid', 'string'],
    ['region', 'string'],
    ['asl_version', 'string'],
    [
      'observables',
      'array<struct<name:string,value:string,type:string,type_id:int>>',
    ],
  ],
};

/**
 * Columns of the source version 1 (OCSF 1.0.0-rc.2) tables the sample lake writes, as the parquet files hold
 * them: no `time_dt`, no `accountid`/`region` (those and `eventday` come from the S3 key's partition
 * folders). CloudTrail's is the union of its three classes in AWS's rc.2 sample files.
 *
 * @internal
 */
export const V1_TABLE_COLUMNS: Partial<
  Record<SecurityLakeSourceName, TableColumns>
> = {
  CLOUD_TRAIL_MGMT: [
    [
      'metadata',
      'struct<product:struct<version:string,name:string,vendor_name:string,feature:struct<name:string>>,uid:string,profiles:array<string>,version:string>',
    ],
    ['time', 'bigint'],
    ['cloud', 'struct<region:string,provider:string>'],
    [
      'api',
      'struct<response:struct<error:string,message:string>,operation:string,version:string,service:struct<name:string>,request:struct<uid:string>>',
    ],
    ['dst_endpoint', 'struct<svc_name:string>'],
    ['resources', 'array<struct<uid:string,account_uid:string,type:string>>'],
    [
      'actor',
      'struct<user:struct<type:string,name:string,uid:string,uuid:string,account_uid:string,credential_uid:string>,session:struct<created_time:bigint,mfa:boolean,issuer:string>,invoked_by:string,idp:struct<name:string>>',
    ],
    ['http_request', 'struct<user_agent:string>'],
    ['src_endpoint', 'struct<uid:string,ip:string,domain:string>'],
    ['class_name', 'string'],
    ['class_uid', 'int'],
    ['category_name', 'string'],
    ['category_uid', 'int'],
    ['severity_id', 'int'],
    ['severity', 'string'],
    ['status_id', 'int'],
    ['status', 'string'],
    ['user', 'struct<uid:string,uuid:string,name:string>'],
    ['activity_name', 'string'],
    ['activity_id', 'int'],
    ['type_uid', 'int'],
    ['type_name', 'string'],
    ['mfa', 'boolean'],
    ['unmapped', 'map<string,string>'],
  ],
};
